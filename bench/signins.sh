#!/usr/bin/env bash
# Resident memory of the server before and after many sign-ins (Argon2id, 19 MiB each), and
# once idle again: what issue 9 class 6 asks to keep bounded.
#
#   cargo build --release && bench/signins.sh          # SIGNINS=1000 CLIENTS=8 by default
#
# Starts `galette demo` on a temporary data directory, signs in SIGNINS times from CLIENTS
# concurrent clients (a GET of the form, then the POST, as a browser does), then reads VmRSS
# and VmHWM from /proc. Needs curl. Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GALETTE_BIN:-target/release/galette}
signins=${SIGNINS:-1000}
clients=${CLIENTS:-8}
port=${PORT:-18710}
[ -x "$bin" ] || { echo "build first: cargo build --release (or set GALETTE_BIN)" >&2; exit 1; }

data=$(mktemp -d)
out=$(mktemp)
"$bin" --data "$data" demo --addr "127.0.0.1:$port" >"$out" 2>/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data" "$out"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
sleep 0.5
# The line of the platform site: "http://localhost:PORT/  en  DATASETS  admin@localhost  PASSWORD".
read -r email password < <(awk '$4 == "admin@localhost" { print $4, $5; exit }' "$out")
[ -n "${password:-}" ] || { echo "no demo credentials printed" >&2; exit 1; }

rss() { awk -v k="$1:" '$1 == k { printf "%d", $2 / 1024 }' "/proc/$server/status"; }
memory() { echo "VmRSS $(rss VmRSS) MiB (anonymous $(rss RssAnon), files $(rss RssFile)), threads $(awk '$1 == "Threads:" { print $2 }' "/proc/$server/status")"; }

sign_in() { # one sign-in on a fresh cookie jar; prints the POST's status code
  local jar page token
  jar=$(mktemp)
  page=$(curl -s -c "$jar" "http://localhost:$port/login/")
  token=$(grep -o 'name="csrfmiddlewaretoken" value="[A-Za-z0-9]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -w '%{http_code}\n' -b "$jar" \
    --data-urlencode "email=$email" --data-urlencode "password=$password" \
    --data-urlencode "csrfmiddlewaretoken=$token" "http://localhost:$port/login/"
  rm -f "$jar"
}
export -f sign_in
export port email password

echo "idle after start:   $(memory)"
start=$(date +%s.%N)
codes=$(seq "$signins" | xargs -P "$clients" -I{} bash -c sign_in | sort | uniq -c | tr -s ' ' | tr '\n' ';')
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "$signins sign-ins from $clients clients in $secs s; status codes (count code): $codes"
echo "after sign-ins:     $(memory), peak VmHWM $(rss VmHWM) MiB"
sleep "${IDLE_SECS:-10}"
echo "idle ${IDLE_SECS:-10} s later:  $(memory)"
