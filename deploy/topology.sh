#!/usr/bin/env bash
# The deployment topology of deploy/compose.yaml with plain processes, no container runtime:
# one database, two `galette serve` replicas and HAProxy (deploy/haproxy.cfg) in front.
#
#   deploy/topology.sh            # start it and keep it up until Ctrl-C
#   deploy/topology.sh --check    # start it, exercise it, stop it; exit 0 when all held
#
# The database: a fresh PostgreSQL database on GALETTE_TOPOLOGY_PG (default
# postgres://postgres@127.0.0.1:5432, created and dropped here), or with
# GALETTE_TOPOLOGY_PG=sqlite both replicas on one embedded database in one data directory.
# GALETTE_BIN names the binary (default target/release/galette, else target/debug/galette).
# Needs haproxy and curl (scripts/setup installs haproxy).
set -euo pipefail
cd "$(dirname "$0")/.."
check=${1:-}
bin=${GALETTE_BIN:-}
if [ -z "$bin" ]; then
  bin=target/release/galette
  [ -x "$bin" ] || bin=target/debug/galette
fi
[ -x "$bin" ] || { echo "topology: no galette binary at $bin (cargo build first)" >&2; exit 2; }
command -v haproxy >/dev/null || { echo "topology: needs haproxy (apt-get install haproxy)" >&2; exit 2; }

work=$(mktemp -d)
pids=()
pg=${GALETTE_TOPOLOGY_PG:-postgres://postgres@127.0.0.1:5432}
db=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$db" ]; then psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
lb=$(free_port); r1=$(free_port); r2=$(free_port); m1=$(free_port); m2=$(free_port)

store=(--data "$work/data")
if [ "$pg" != sqlite ]; then
  db="galette_topology_$$"
  psql "$pg/postgres" -qc "CREATE DATABASE $db" >/dev/null
  store+=(--database-url "$pg/$db")
fi

echo "== seeding the demo sites"
"$bin" "${store[@]}" demo --seed-only

replica() { # replica N PORT METRICS: a `galette serve` that trusts HAProxy on loopback
  GALETTE_LOG_FORMAT=json "$bin" "${store[@]}" serve --addr "127.0.0.1:$2" --metrics-addr "127.0.0.1:$3" \
    --trusted-proxy 127.0.0.1 2>"$work/replica$1.log" &
  pids+=($!)
}
replica 1 "$r1" "$m1"; pid1=${pids[-1]}
replica 2 "$r2" "$m2"
for port in "$r1" "$r2"; do
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
done
LISTEN="127.0.0.1:$lb" GALETTE_1="127.0.0.1:$r1" GALETTE_2="127.0.0.1:$r2" \
  haproxy -db -f deploy/haproxy.cfg >"$work/haproxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf -H "Host: cdmx.localhost" "http://127.0.0.1:$lb/" >/dev/null && break; sleep 0.1; done
echo "== HAProxy on http://127.0.0.1:$lb/ (Host: cdmx.localhost …) → replicas :$r1 and :$r2 (metrics :$m1, :$m2)"

if [ "$check" != --check ]; then
  echo "   try: curl -H 'Host: cdmx.localhost' http://127.0.0.1:$lb/   (Ctrl-C stops everything)"
  wait
  exit 0
fi

failures=0
ok() { echo "   ok   $1"; }
fail() { echo "   FAIL $1" >&2; failures=$((failures + 1)); }
lbcurl() { curl -s -H "Host: cdmx.localhost:$lb" "$@"; }
served() { # served METRICS_PORT: requests a replica answered on "/"
  curl -s "http://127.0.0.1:$1/metrics" |
    awk -F' ' '/^galette_http_requests_total\{route="\/",status="200"\}/ { print $2 }' | head -1
}

echo "== pages through the load balancer"
codes=$(for _ in $(seq 20); do lbcurl -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$lb/"; done | sort | uniq -c)
[ "$(echo "$codes" | awk '{print $2}')" = 200 ] && ok "20 × GET / answered 200" || fail "GET / answers: $codes"
a=$(served "$m1"); b=$(served "$m2")
[ "${a:-0}" -gt 0 ] && [ "${b:-0}" -gt 0 ] && ok "both replicas served pages ($a and $b)" || fail "one replica served nothing ($a, $b)"

echo "== a CSRF token and a session made on one replica work on the other"
jar="$work/jar"
form_token() { # form_token PATH: the CSRF token of the page's first form (cookies kept in the jar)
  lbcurl -c "$jar" -b "$jar" "http://127.0.0.1:$lb$1" |
    grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'
}
token=$(form_token /login/)
[ -n "$token" ] && ok "a CSRF token from the sign-in page" || fail "no CSRF token on /login/"
# Each POST goes to the other replica than the page before it (roundrobin, no stickiness).
rejected=0
for _ in $(seq 10); do
  code=$(lbcurl -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
    --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode action=reject_all --data-urlencode next=/ \
    "http://127.0.0.1:$lb/cookies/")
  [ "$code" = 303 ] || rejected=$((rejected + 1))
done
[ "$rejected" = 0 ] && ok "10 consent choices with one token, alternating replicas" || fail "$rejected of 10 choices refused"

# A session: signed in through one replica, the back office opens on both.
echo "correct horse battery staple" | "$bin" "${store[@]}" user add --tenant cdmx \
  --email topology@example.org --password-stdin --admin >/dev/null
code=$(lbcurl -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
  --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode email=topology@example.org \
  --data-urlencode "password=correct horse battery staple" "http://127.0.0.1:$lb/login/")
[ "$code" = 302 ] && ok "signed in through the load balancer" || fail "sign-in answered $code"
codes=$(for _ in $(seq 6); do lbcurl -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$lb/backoffice/"; done | sort | uniq -c)
[ "$(echo "$codes" | awk '{print $2}')" = 200 ] && ok "6 × back office answered 200 on alternating replicas" || fail "back office: $codes"
# Signing in rotates the CSRF secret (as Django does): take the new token from a form.
token=$(form_token /cookies/)

echo "== 1,000 concurrent consent choices over both replicas: none lost, then the hash chain"
records() { "$bin" "${store[@]}" consent export --tenant cdmx | wc -l; }
before=$(records)
seq 1000 | xargs -P 16 -I{} curl -s -o /dev/null -w '%{http_code}\n' -H "Host: cdmx.localhost:$lb" \
  -b "csrftoken=$(grep csrftoken "$jar" | awk '{print $7}')" \
  --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode action=accept_all --data-urlencode next=/ \
  "http://127.0.0.1:$lb/cookies/" > "$work/codes"
answered=$(grep -c '^303$' "$work/codes" || true)
bad=$(grep -vc '^303$' "$work/codes" || true)
[ "$bad" = 0 ] && ok "1000 choices answered 303" || fail "$bad of 1000 choices not 303: $(sort "$work/codes" | uniq -c | tr '\n' ' ')"
recorded=$(( $(records) - before ))
# Exactly: each answered choice is one record, and nothing is recorded twice or unanswered.
[ "$recorded" = "$answered" ] && ok "every answered choice is in the log, once ($recorded recorded)" \
  || fail "$answered choices answered 303 but $recorded recorded"
if "$bin" "${store[@]}" consent verify --tenant cdmx > "$work/verify" 2>&1; then
  ok "consent verify: $(grep -m1 -i 'ok' "$work/verify" || tail -1 "$work/verify")"
else
  fail "consent verify: $(cat "$work/verify")"
fi

echo "== a replica killed with SIGKILL in the middle of 300 consent choices"
before=$(records)
secret=$(grep csrftoken "$jar" | awk '{print $7}')
seq 300 | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' -H "Host: cdmx.localhost:$lb" \
  -b "csrftoken=$secret" \
  --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode action=accept_all --data-urlencode next=/ \
  "http://127.0.0.1:$lb/cookies/" > "$work/codes" &
storm=$!
sleep 0.5
kill -9 "$pid1"
wait "$storm" || true
answered=$(grep -c '^303$' "$work/codes" || true)
after=$(records)
[ $((after - before)) -ge "$answered" ] \
  && ok "every choice answered 303 is in the log ($answered answered, $((after - before)) recorded)" \
  || fail "committed choices lost: $answered answered 303 but $((after - before)) recorded"
if "$bin" "${store[@]}" consent verify --tenant cdmx > "$work/verify" 2>&1; then
  ok "consent verify after the kill: $(grep -m1 -i 'ok' "$work/verify" || tail -1 "$work/verify")"
else
  fail "consent verify after the kill: $(cat "$work/verify")"
fi
sleep 2.5   # HAProxy's checks (1 s apart, 2 failures) take the dead replica out
codes=$(for _ in $(seq 20); do lbcurl -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$lb/"; done | sort | uniq -c)
[ "$(echo "$codes" | awk '{print $2}')" = 200 ] && ok "20 × GET / answered 200 by the surviving replica" || fail "after the kill: $codes"

if [ "$failures" -gt 0 ]; then
  echo "topology: $failures check(s) failed; logs:" >&2
  tail -5 "$work"/replica*.log "$work/haproxy.log" >&2 || true
  exit 1
fi
echo "topology: every check held"
