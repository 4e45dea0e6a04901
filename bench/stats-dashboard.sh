#!/usr/bin/env bash
# Response time of the statistics dashboard (/backoffice/stats/, HTML and JSON) over roll-ups
# equivalent to 10 million page views for one site over 13 months, on the embedded database
# and on PostgreSQL (issue 12's target: under 100 ms for 30 days and for 12 months).
#
#   cargo build --release && bench/stats-dashboard.sh
#   GALETTE_BIN=target/debug/galette bench/stats-dashboard.sh      # a debug build, slower
#
# Seeds with the hidden `galette bench-seed-stats` (about 1.1 million breakdown rows: 2,000
# pages, 300 referrers, 50 datasets in 3 formats…), starts `galette demo`, signs in as the
# platform's administrator, then times REQUESTS sequential requests per case with curl
# (after WARMUP untimed ones) and prints the median and the 99th percentile in ms.
# PostgreSQL: PG_URL (default postgres://postgres@127.0.0.1:5432/test) names a server where
# a scratch database is created and dropped; set PG_URL=skip (or SQLITE=skip) to leave a
# backend out. Needs curl,
# and psql for PostgreSQL. Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GALETTE_BIN:-target/release/galette}
pageviews=${PAGEVIEWS:-10000000}
requests=${REQUESTS:-100}
warmup=${WARMUP:-5}
pg_url=${PG_URL:-postgres://postgres@127.0.0.1:5432/test}
port=${PORT:-18720}
[ -x "$bin" ] || { echo "build first: cargo build --release (or set GALETTE_BIN)" >&2; exit 1; }

server=""
cleanup() {
  [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  [ -n "${out:-}" ] && [ -s "$out.log" ] && grep -v ' INFO' "$out.log" | tail -5 >&2
  rm -rf "${data:-}" "${out:-}" "${out:-x}.log" "${jar:-}"
  [ -n "${scratch:-}" ] && psql -q "$pg_url" -c "DROP DATABASE IF EXISTS $scratch" >/dev/null 2>&1 || true
}
trap cleanup EXIT

timings() { # timings URL: REQUESTS response times in ms, one per line, sorted
  for _ in $(seq "$warmup"); do curl -s -o /dev/null -b "$jar" "$1" || true; done
  for _ in $(seq "$requests"); do
    curl -s -o /dev/null -b "$jar" -w '%{http_code} %{time_total}\n' "$1" || echo "failed 0"
  done | awk '$1 != 200 { print "status " $1 " for '"$1"'" > "/dev/stderr" }
              { printf "%.2f\n", $2 * 1000 }' | sort -n
}

percentile() { # percentile P < sorted values
  awk -v p="$1" '{ v[NR] = $1 } END { i = int((NR * p + 99) / 100); if (i < 1) i = 1; print v[i] }'
}

run_backend() { # run_backend NAME [--database-url URL]
  local name=$1; shift
  data=$(mktemp -d); out=$(mktemp); jar=$(mktemp)
  "$bin" --data "$data" "$@" demo --addr "127.0.0.1:$port" >"$out" 2>"$out.log" &
  server=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  for _ in $(seq 50); do grep -q 'admin@localhost' "$out" && break; sleep 0.2; done
  local email password
  read -r email password < <(awk '$4 == "admin@localhost" { print $4, $5; exit }' "$out")
  [ -n "${password:-}" ] || { echo "no demo credentials printed" >&2; exit 1; }
  local started=$SECONDS
  "$bin" --data "$data" "$@" bench-seed-stats --tenant platform --pageviews "$pageviews"
  echo "$name: seeded in $((SECONDS - started)) s"
  local page token
  page=$(curl -s -c "$jar" "http://localhost:$port/login/")
  token=$(grep -o 'name="csrfmiddlewaretoken" value="[A-Za-z0-9]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "email=$email" \
    --data-urlencode "password=$password" --data-urlencode "csrfmiddlewaretoken=$token" \
    "http://localhost:$port/login/"
  local check
  check=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "http://localhost:$port/backoffice/stats.json")
  [ "$check" = 200 ] || { echo "not signed in as an administrator ($check)" >&2; exit 1; }
  curl -s -b "$jar" "http://localhost:$port/backoffice/stats.json?period=12mo" |
    grep -o '"pageviews":[0-9]*' | sed -n 1p | sed "s/^/$name: 12 months, /"
  for period in 30d 12mo; do
    for format in html json; do
      local path="/backoffice/stats/?period=$period"
      [ "$format" = json ] && path="/backoffice/stats.json?period=$period"
      local sorted
      sorted=$(timings "http://localhost:$port$path")
      printf '%-10s %-6s %-5s median %8s ms   p99 %8s ms   (%s requests)\n' "$name" "$period" \
        "$format" "$(percentile 50 <<<"$sorted")" "$(percentile 99 <<<"$sorted")" "$requests"
    done
  done
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  rm -rf "$data" "$out" "$out.log" "$jar"
  port=$((port + 1))
}

[ "${SQLITE:-yes}" = skip ] || run_backend sqlite
if [ "$pg_url" != skip ]; then
  scratch="galette_bench_stats_$$"
  psql -q "$pg_url" -c "CREATE DATABASE $scratch" >/dev/null
  run_backend postgres --database-url "${pg_url%/*}/$scratch"
fi
