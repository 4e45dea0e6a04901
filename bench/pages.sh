#!/usr/bin/env bash
# Requests per second on the demo's pages, with the consent guard and without it (the same
# release binary, started with the benchmark-only --bench-without-cookie-guard), side by side.
#
#   cargo build --release && bench/pages.sh            # DURATION=10s CONNECTIONS=32 by default
#
# Needs wrk (apt-get install wrk). Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GALETTE_BIN:-target/release/galette}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "bench/pages.sh needs wrk: apt-get install wrk" >&2; exit 1; }
[ -x "$bin" ] || { echo "build first: cargo build --release (or set GALETTE_BIN)" >&2; exit 1; }

serve() { # serve PORT DATA [FLAGS...]: start the demo and wait until it answers
  local port=$1 data=$2; shift 2
  "$bin" --data "$data" demo --addr "127.0.0.1:$port" --max-connections-per-client 100000 "$@" >/dev/null 2>&1 &
  server=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "the server on port $port did not start" >&2; exit 1
}

rate() { # rate PORT HOST PATH [HEADER]: requests per second
  local extra=()
  [ -n "${4:-}" ] && extra=(-H "$4")
  wrk -t2 -c"$connections" -d"$duration" -H "Host: $2:$1" -H "Accept-Language: es" "${extra[@]}" \
    "http://127.0.0.1:$1$3" | awk '/Requests\/sec/ { print $2 }'
}

# The platform site with a browser that sent a _BEAMER cookie without consent: the guard
# must also expire it on every response (C-55).
beamer="Cookie: _BEAMER_USER_ID=abc; csrftoken=abcdefghijklmnopqrstuvwxyzABCDEF"
cases=("cdmx.localhost /" "cdmx.localhost /cookie-policy/" "localhost /")
printf '%-32s %14s %14s %9s\n' "request" "guard (req/s)" "no guard" "overhead"
port=18700
results=()
for flags in "" "--bench-without-cookie-guard"; do
  data=$(mktemp -d)
  serve "$port" "$data" $flags
  for case in "${cases[@]}"; do
    set -- $case
    header=""
    [ "$1" = localhost ] && header="$beamer"
    results+=("$(rate "$port" "$1" "$2" "$header")")
  done
  kill "$server"; wait "$server" 2>/dev/null || true
  rm -rf "$data"
  port=$((port + 1))
done
n=${#cases[@]}
for i in $(seq 0 $((n - 1))); do
  with=${results[$i]}; without=${results[$((i + n))]}
  overhead=$(awk -v a="$with" -v b="$without" 'BEGIN { printf "%.1f%%", (b - a) / b * 100 }')
  label=${cases[$i]}; [ "${label%% *}" = localhost ] && label="$label (+ _BEAMER cookie)"
  printf '%-32s %14s %14s %9s\n' "GET ${label}" "$with" "$without" "$overhead"
done
