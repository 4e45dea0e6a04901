#!/usr/bin/env bash
# What recording the audience statistics costs on `GET /` (issue 12: target < 3%): two demo
# servers from the same release binary, one recording and one started with --no-statistics,
# measured in alternating rounds in the same run so that drift of the machine hits both.
# Each round reports the throughput and the server's own CPU time per request (user +
# system, from /proc, the flusher and the roll-ups included): on a machine that runs
# anything else the throughput ratio swings by several percent from round to round, the
# CPU cost per request much less.
#
#   cargo build --release && bench/stats-overhead.sh   # ROUNDS=5 DURATION=10s CONNECTIONS=32
#
# MAINTAIN_SECS=N sets the recording server's roll-up interval (default 60, as in
# production); a large value measures the request path and the flusher alone.
#
# Needs wrk (apt-get install wrk). Traffic stays on 127.0.0.1. The requests carry a
# browser's user agent, so every answer becomes an event queued and written (a bot's would
# be queued, then left out by the flusher).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GALETTE_BIN:-target/release/galette}
rounds=${ROUNDS:-5}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
host=${HOST_NAME:-cdmx.localhost}
# AGENT=... overrides the user agent (a bot's is queued, then left out before any write).
agent=${AGENT:-"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"}
command -v wrk >/dev/null || { echo "bench/stats-overhead.sh needs wrk: apt-get install wrk" >&2; exit 1; }
[ -x "$bin" ] || { echo "build first: cargo build --release (or set GALETTE_BIN)" >&2; exit 1; }

pids=()
dirs=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for dir in "${dirs[@]}"; do rm -rf "$dir"; done
}
trap cleanup EXIT

serve() { # serve PORT [FLAGS...]: start a demo on its own data and wait until it answers
  local port=$1; shift
  local data; data=$(mktemp -d); dirs+=("$data")
  GALETTE_LOG=info "$bin" --data "$data" demo --addr "127.0.0.1:$port" \
    --max-connections-per-client 100000 "$@" >"$data/log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "the server on port $port did not start" >&2; exit 1
}

# CPU time (user + system, clock ticks) the process has used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_per_sec=$(getconf CLK_TCK)

measure() { # measure PORT PID: "req/s cpu-µs-per-request" on GET /
  local before after out
  before=$(cpu_ticks "$2")
  out=$(wrk -t2 -c"$connections" -d"$duration" -H "Host: $host:$1" -H "User-Agent: $agent" \
    "http://127.0.0.1:$1/")
  after=$(cpu_ticks "$2")
  awk -v t=$((after - before)) -v hz="$ticks_per_sec" '
    / requests in / { n = $1 }
    /Requests\/sec/ { r = $2 }
    END { printf "%s %.1f\n", r, t / hz * 1e6 / n }' <<<"$out"
}

on=18750 off=18751
serve "$on" ${MAINTAIN_SECS:+--bench-statistics-maintain-secs "$MAINTAIN_SECS"}
serve "$off" --no-statistics
on_pid=${pids[0]} off_pid=${pids[1]}
measure "$on" "$on_pid" >/dev/null; measure "$off" "$off_pid" >/dev/null   # warm-up, not counted

# Two measures: throughput (what a visitor sees, sensitive to anything else the machine
# runs) and the server's own CPU time per request (what recording costs, robust to it).
printf '%-6s %12s %12s %9s %14s %14s %9s\n' round "on req/s" "off req/s" overhead \
  "on CPU µs/req" "off CPU µs/req" "CPU cost"
with=() without=() cpu_with=() cpu_without=()
pct() { awk -v a="$1" -v b="$2" -v sign="$3" 'BEGIN { printf "%.1f%%", sign * (b - a) / b * 100 }'; }
for round in $(seq "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then
    read -r a ca < <(measure "$on" "$on_pid"); read -r b cb < <(measure "$off" "$off_pid")
  else
    read -r b cb < <(measure "$off" "$off_pid"); read -r a ca < <(measure "$on" "$on_pid")
  fi
  with+=("$a"); without+=("$b"); cpu_with+=("$ca"); cpu_without+=("$cb")
  printf '%-6s %12s %12s %9s %14s %14s %9s\n' "$round" "$a" "$b" "$(pct "$a" "$b" 1)" \
    "$ca" "$cb" "$(pct "$ca" "$cb" -1)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
a=$(median "${with[@]}"); b=$(median "${without[@]}")
ca=$(median "${cpu_with[@]}"); cb=$(median "${cpu_without[@]}")
printf '%-6s %12s %12s %9s %14s %14s %9s\n' median "$a" "$b" "$(pct "$a" "$b" 1)" \
  "$ca" "$cb" "$(pct "$ca" "$cb" -1)"

# What the recording server wrote and dropped (logged at shutdown).
kill "$on_pid"; wait "$on_pid" 2>/dev/null || true
grep -ho 'statistics: [0-9]* events written, [0-9]* dropped since start-up' "${dirs[0]}/log" || true
