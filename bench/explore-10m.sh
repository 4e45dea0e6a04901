#!/usr/bin/env bash
# galette on a 10-million-row table (the flights rows repeated with shifted years, built by
# bench/flights-repeat.py): import speed and peak memory, the time of its columnar copy's
# load, single-request latency (p50, one connection) of queries whose condition changes at
# every request, the explorer page of a filtered view with its facets, exports, and the
# server's memory against its budget. galette only: Datasette's figures on the full
# flights table are bench/explore.sh's.
#
#   cargo build --release && bench/explore-10m.sh      # ROWS=10000000 DURATION=10s MEMORY_MB=1024
#
# Reuses $WORK/big-data when REUSE is set. Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GALETTE_BIN:-target/release/galette}
duration=${DURATION:-10s}
rows=${ROWS:-10000000}
memory=${MEMORY_MB:-1024}
work=${WORK:-/tmp/galette-bench}
mkdir -p "$work"
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 1; }

[ -s "$work/flights.csv" ] || python3 bench/flights-csv.py "$work/flights.csv"
big="$work/flights-$rows.csv"
[ -s "$big" ] || python3 bench/flights-repeat.py "$work/flights.csv" "$big" "$rows"

if [ -n "${REUSE:-}" ] && [ -d "$work/big-data" ]; then
  echo "== reusing $work/big-data (REUSE is set)"
else
  rm -rf "$work/big-data"
  "$bin" --data "$work/big-data" tenant add --slug big --name Big --host big.localhost >/dev/null
  echo "== importing $rows rows"
  /usr/bin/time -f '%e s, peak RSS %M KiB' -o "$work/import-time.txt" \
    "$bin" --data "$work/big-data" import --tenant big --dataset flights "$big" >/dev/null
  read -r secs _ _ _ kib _ < "$work/import-time.txt"
  echo "import: $secs s ($(echo "$rows / $secs" | bc) rows/s), peak RSS $((kib / 1024)) MiB"
fi
"$bin" --data "$work/big-data" quota --tenant big --per-address 0 --per-key 0 >/dev/null

"$bin" --data "$work/big-data" serve --addr 127.0.0.1:18811 --max-connections-per-client 100000 \
  --bench-without-answer-cache --dataset-memory-mb "$memory" >/dev/null 2>&1 & server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf -o /dev/null http://127.0.0.1:18811/healthz && break; sleep 0.5; done
# The process's own memory (anonymous) apart from the SQLite file's memory map, which RSS
# also counts: clean shared pages of the page cache, given back under pressure.
rss() { awk '/^Anonymous/ { a = $2 } /^Rss/ { r = $2 } /^Pss_File/ { f = $2 }
  END { printf "%d MiB own memory (RSS %d MiB, of which %d MiB proportional file map)", a / 1024, r / 1024, f / 1024 }' /proc/$server/smaps_rollup; }
echo "server RSS before the columnar copy: $(rss)"

api="http://127.0.0.1:18811/api/explore/v2.1/catalog/datasets/flights"
start=$(date +%s.%N)
curl -s -o /dev/null -H "Host: big.localhost" "$api/records?limit=1"
# The copy loads in the background; a filtered scan turns fast when it is there.
for _ in $(seq 600); do
  t=$(curl -s -o /dev/null -w '%{time_total}' -H "Host: big.localhost" \
    "$api/records?where=carrier%3D%22UA%22+and+dep_delay+%3E+-123456&order_by=dep_delay+desc&limit=100")
  [ "$(echo "$t < 0.5" | bc)" = 1 ] && break
  sleep 1
done
echo "columnar copy loaded in $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s; server RSS $(rss) (budget $memory MiB)"

p50() { WRK_PATH="$2" wrk -t1 -c1 -d"$duration" --latency --timeout 30s -s bench/random-n.lua -H "Host: big.localhost" "$1" \
  | awk '$1 == "50%" { p = $2 } /Requests\/sec/ { r = $2 } END { print p " (" r " req/s on one connection)" }'; }
path="/api/explore/v2.1/catalog/datasets/flights/records"
echo "(f) filter + sort + limit 100, new N each time, p50: $(p50 http://127.0.0.1:18811 "$path?where=carrier%3D%22UA%22+and+dep_delay+%3E+-{N}&order_by=dep_delay+desc&limit=100")"
echo "(g) filtered group-by, new N each time, p50: $(p50 http://127.0.0.1:18811 "$path?select=origin%2C+count(*)+as+n&where=carrier%3D%22UA%22+and+distance+%3E+-{N}&group_by=origin&limit=100")"
echo "explorer, filtered view with its facets, p50: $(p50 http://127.0.0.1:18811 "/datasets/flights/?refine=carrier:UA&refine=origin:EWR&x={N}")"
echo "explorer, sorted filtered view, p50: $(p50 http://127.0.0.1:18811 "/datasets/flights/?refine=carrier:AA&sort=-dep_delay&x={N}")"
mbps() { curl -s -o /dev/null -H "Host: big.localhost" -w '%{size_download} %{time_total}\n' "$1" | awk '{ printf "%.0f MB in %.1f s: %.0f MB/s", $1 / 1e6, $2, $1 / $2 / 1e6 }'; }
echo "full CSV export (the version's file): $(mbps "$api/exports/csv")"
echo "CSV export of the UA rows (from the columnar copy): $(mbps "$api/exports/csv?where=carrier%3D%22UA%22")"
echo "CSV export of the UA rows by dep_delay (a full sort of them): $(mbps "$api/exports/csv?where=carrier%3D%22UA%22&order_by=dep_delay%20desc")"
echo "JSON export of the UA rows: $(mbps "$api/exports/json?where=carrier%3D%22UA%22")"
echo "Parquet export of the UA rows: $(mbps "$api/exports/parquet?where=carrier%3D%22UA%22")"
echo "server RSS at the end: $(rss) (budget $memory MiB)"
