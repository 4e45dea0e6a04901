#!/usr/bin/env bash
# galette's Explore API against Datasette, side by side on the full flights table
# (336,776 rows, built by bench/flights-csv.py): filter + sort + limit 100,
# group-by count per carrier (req/s with wrk), and CSV exports (MB/s with curl); galette
# with and without its answer cache.
#
#   cargo build --release && bench/explore.sh        # DURATION=10s CONNECTIONS=16
#
# Installs Datasette and sqlite-utils from PyPI into a virtualenv under $WORK on first run.
# Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GALETTE_BIN:-target/release/galette}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-16}
work=${WORK:-/tmp/galette-bench}
mkdir -p "$work"
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 1; }

csv="$work/flights.csv"
[ -s "$csv" ] || python3 bench/flights-csv.py "$csv"
if [ ! -x "$work/venv/bin/datasette" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet datasette sqlite-utils
fi

if [ -n "${REUSE:-}" ] && [ -d "$work/galette-data" ] && [ -s "$work/flights.db" ]; then
  echo "== reusing the imports in $work (REUSE is set)"
else
echo "== importing $(($(wc -l < "$csv") - 1)) rows"
rm -rf "$work/galette-data"
start=$(date +%s.%N)
"$bin" --data "$work/galette-data" tenant add --slug bench --name Bench --host bench.localhost >/dev/null
"$bin" --data "$work/galette-data" import --tenant bench --dataset flights "$csv" >/dev/null
echo "galette import: $(echo "$(date +%s.%N) - $start" | bc) s"
rm -f "$work/flights.db"
start=$(date +%s.%N)
"$work/venv/bin/sqlite-utils" insert "$work/flights.db" flights "$csv" --csv >/dev/null
"$work/venv/bin/sqlite-utils" create-index "$work/flights.db" flights carrier >/dev/null
"$work/venv/bin/sqlite-utils" create-index "$work/flights.db" flights dep_delay >/dev/null
echo "sqlite-utils import (+2 indexes, for Datasette): $(echo "$(date +%s.%N) - $start" | bc) s"
fi

# wrk sends far more calls from 127.0.0.1 than the default quota allows (docs/quotas.md).
"$bin" --data "$work/galette-data" quota --tenant bench --per-address 0 --per-key 0 >/dev/null

# Three galette servers on the same data: the normal one; one that never reuses a records
# answer (hidden --bench-without-answer-cache), so query execution itself is measured; and
# one that also has no columnar copies (--dataset-memory-mb 0): the SQL path alone, as
# galette answered before its columnar engine.
"$bin" --data "$work/galette-data" serve --addr 127.0.0.1:18801 --max-connections-per-client 100000 >/dev/null 2>&1 & galette=$!
"$bin" --data "$work/galette-data" serve --addr 127.0.0.1:18803 --max-connections-per-client 100000 --bench-without-answer-cache >/dev/null 2>&1 & uncached=$!
"$bin" --data "$work/galette-data" serve --addr 127.0.0.1:18804 --max-connections-per-client 100000 --bench-without-answer-cache --dataset-memory-mb 0 >/dev/null 2>&1 & sqlonly=$!
"$work/venv/bin/datasette" serve "$work/flights.db" --port 18802 --setting max_returned_rows 100000 \
  --setting sql_time_limit_ms 60000 >/dev/null 2>&1 & datasette=$!
trap 'kill $galette $uncached $sqlonly $datasette 2>/dev/null || true' EXIT
ready() { for _ in $(seq 120); do curl -sf -o /dev/null -H "Host: $1" "$2" && return; sleep 0.5; done; echo "$2 did not answer" >&2; exit 1; }
ready bench.localhost http://127.0.0.1:18801/healthz
ready bench.localhost http://127.0.0.1:18803/healthz
ready bench.localhost http://127.0.0.1:18804/healthz
ready localhost "http://127.0.0.1:18802/flights/flights.json?_size=1"

g="http://127.0.0.1:18801/api/explore/v2.1/catalog/datasets/flights"
u="http://127.0.0.1:18803/api/explore/v2.1/catalog/datasets/flights"
s="http://127.0.0.1:18804/api/explore/v2.1/catalog/datasets/flights"
d="http://127.0.0.1:18802/flights/flights"
sql="http://127.0.0.1:18802/flights.json?sql="
rate() { wrk -t2 -c"$connections" -d"$duration" --timeout 30s -H "Host: $1" "$2" | awk '/Requests\/sec/ { print $2 }'; }
mbps() { curl -s -o /dev/null -H "Host: $1" -w '%{size_download} %{time_total}\n' "$2" | awk '{ printf "%.1f", $1 / $2 / 1e6 }'; }
# The first query on a version starts loading its columnar copy in the background; wait
# for it (the engine's answers carry no marker, so: until a scan stops being slow).
curl -s -o /dev/null -H "Host: bench.localhost" "$u/records?limit=1"
for _ in $(seq 240); do
  t=$(curl -s -o /dev/null -w '%{time_total}' -H "Host: bench.localhost" \
    "$u/records?where=carrier%3D%22UA%22+and+dep_delay+%3E+-123456&order_by=dep_delay+desc&limit=100")
  [ "$(echo "$t < 0.02" | bc)" = 1 ] && break
  sleep 0.5
done
printf '%-46s %12s %12s %8s\n' "query" "galette" "Datasette" "ratio"
row() { printf '%-46s %12s %12s %7.1fx\n' "$1" "$2" "$3" "$(echo "$2 / $3" | bc -l)"; }

q="records?where=carrier%3D%22UA%22&order_by=dep_delay+desc&limit=100"
b=$(rate localhost "$d.json?carrier=UA&_sort_desc=dep_delay&_size=100&_nosuggest=1&_nofacet=1")
row "filter+sort+limit 100, no answer cache (req/s)" "$(rate bench.localhost "$u/$q")" "$b"
row "filter+sort+limit 100, answer cache (req/s)" "$(rate bench.localhost "$g/$q")" "$b"

q="records?select=count(*)+as+n&group_by=carrier&limit=100"
b=$(rate localhost "${sql}select+carrier%2C+count(*)+as+n+from+flights+group+by+carrier")
row "count per carrier, no answer cache (req/s)" "$(rate bench.localhost "$u/$q")" "$b"
row "count per carrier, answer cache (req/s)" "$(rate bench.localhost "$g/$q")" "$b"
# A filtered group-by cannot use the import's facet tally: this one scans.
q="records?select=count(*)+as+n&group_by=origin&where=carrier%3D%22UA%22&limit=100"
b=$(rate localhost "${sql}select+origin%2C+count(*)+as+n+from+flights+where+carrier%3D%27UA%27+group+by+origin")
row "count per origin of UA, no cache (req/s)" "$(rate bench.localhost "$u/$q")" "$b"

row "full CSV export (MB/s)" "$(mbps bench.localhost "$g/exports/csv")" "$(mbps localhost "$d.csv?_stream=on&_size=max")"
row "CSV export of UA rows (MB/s)" "$(mbps bench.localhost "$g/exports/csv?where=carrier%3D%22UA%22")" \
  "$(mbps localhost "$d.csv?carrier=UA&_stream=on&_size=max")"

# Queries whose condition changes at every request (dep_delay > -N, N >= 100000 at random:
# the same rows, a new query), so no answer cache can serve them. Datasette's table page
# counts the filtered rows too, as galette's total_count does.
rand_rate() { WRK_PATH="$3" wrk -t2 -c"$connections" -d"$duration" --timeout 30s -s bench/random-n.lua -H "Host: $1" "$2" | awk '/Requests\/sec/ { print $2 }'; }
p50() { WRK_PATH="$3" wrk -t1 -c1 -d"$duration" --latency --timeout 30s -s bench/random-n.lua -H "Host: $1" "$2" | awk '$1 == "50%" { print $2 }'; }
api="/api/explore/v2.1/catalog/datasets/flights/records"
f="$api?where=carrier%3D%22UA%22+and+dep_delay+%3E+-{N}&order_by=dep_delay+desc&limit=100"
# _nosuggest/_nofacet: Datasette's table page would otherwise also try facet suggestions
# on every column, work galette's records answer does not do; the filtered count stays.
fd="/flights/flights.json?carrier=UA&dep_delay__gt=-{N}&_sort_desc=dep_delay&_size=100&_nosuggest=1&_nofacet=1"
g="$api?select=origin%2C+count(*)+as+n&where=carrier%3D%22UA%22+and+distance+%3E+-{N}&group_by=origin&limit=100"
gd="/flights.json?sql=select+origin%2C+count(*)+as+n+from+flights+where+carrier%3D%27UA%27+and+distance+%3E+-{N}+group+by+origin"
b=$(rand_rate localhost http://127.0.0.1:18802 "$fd")
row "(f) filter+sort+limit, new N each time (req/s)" "$(rand_rate bench.localhost http://127.0.0.1:18803 "$f")" "$b"
row "(f) the same, SQL path only (req/s)" "$(rand_rate bench.localhost http://127.0.0.1:18804 "$f")" "$b"
b=$(rand_rate localhost http://127.0.0.1:18802 "$gd")
row "(g) filtered group-by, new N each time (req/s)" "$(rand_rate bench.localhost http://127.0.0.1:18803 "$g")" "$b"
row "(g) the same, SQL path only (req/s)" "$(rand_rate bench.localhost http://127.0.0.1:18804 "$g")" "$b"
echo "single request, p50 (one connection): f $(p50 bench.localhost http://127.0.0.1:18803 "$f"), g $(p50 bench.localhost http://127.0.0.1:18803 "$g");" \
  "SQL path: f $(p50 bench.localhost http://127.0.0.1:18804 "$f"), g $(p50 bench.localhost http://127.0.0.1:18804 "$g");" \
  "Datasette: f $(p50 localhost http://127.0.0.1:18802 "$fd"), g $(p50 localhost http://127.0.0.1:18802 "$gd")"
echo "galette RSS with its columnar copy: $(awk '/VmRSS/ { print $2 / 1024 " MiB" }' /proc/$uncached/status)," \
  "without: $(awk '/VmRSS/ { print $2 / 1024 " MiB" }' /proc/$sqlonly/status)"
