#!/usr/bin/env bash
# Pages side by side, in one run (wrk -t2 -c$CONNECTIONS, $ROUNDS interleaved rounds of
# $DURATION each, the median round reported):
#   1. galette (embedded SQLite) vs Django + gunicorn (bench/django/: sessions, CSRF, i18n,
#      sign-in and a policy page of its own) on GET /, GET /cookie-policy/,
#      POST /i18n/setlang/ and sign-in (POST /login/, each framework's default hasher);
#   2. galette on SQLite vs on PostgreSQL, and one replica vs two behind HAProxy;
#   3. RSS idle and right after load, for galette and for Django's workers;
#   4. galette with and without its consent guard (the guard's own cost), without its cache of
#      rendered anonymous pages (every page rendered: what the cache saves), and a bare axum
#      "hello" from the same binary (`galette bench-hello`), the floor pages are held to.
#
#   cargo build --release && bench/pages.sh      # DURATION=5s ROUNDS=3 CONNECTIONS=32
#
# Needs wrk, haproxy, python3 (a virtualenv with Django and gunicorn is made under
# target/bench-django-venv), and for PostgreSQL the server at $BENCH_PG (default
# postgres://postgres@127.0.0.1:5432; a database is created and dropped). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GALETTE_BIN:-target/release/galette}
duration=${DURATION:-5s}
rounds=${ROUNDS:-3}
connections=${CONNECTIONS:-32}
pg=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
password="correct horse battery staple"
for tool in wrk haproxy python3 curl; do
  command -v $tool >/dev/null || { echo "bench/pages.sh needs $tool" >&2; exit 1; }
done
[ -x "$bin" ] || { echo "build first: cargo build --release (or set GALETTE_BIN)" >&2; exit 1; }

work=$(mktemp -d)
pids=()
db="galette_bench_$$"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {
  for _ in $(seq 300); do curl -sf -o /dev/null "$1" && return; sleep 0.1; done
  echo "no answer from $1; the servers said:" >&2
  tail -n 3 "$work"/*.log >&2
  exit 1
}
rss_kb() { ps -o rss= -p "$@" | awk '{ s += $1 } END { print s }'; }

# --- the servers -----------------------------------------------------------------------
venv=$PWD/target/bench-django-venv
if [ ! -x "$venv/bin/gunicorn" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q django gunicorn
fi
cp -r bench/django "$work/django"
rm -f "$work/django/bench.sqlite3"
(cd "$work/django" && "$venv/bin/python" manage.py migrate -v0)
(cd "$work/django" && DJANGO_SUPERUSER_PASSWORD="$password" "$venv/bin/python" manage.py \
  createsuperuser --noinput --username bench --email bench@example.org >/dev/null)
django_port=$(free_port)
(cd "$work/django" && exec "$venv/bin/gunicorn" -w 2 -b "127.0.0.1:$django_port" policysite.wsgi \
  >"$work/gunicorn.log" 2>&1) &
django_pid=$!; pids+=($django_pid)
django_version=$("$venv/bin/python" -c 'import django; print(django.get_version())')

serve() { # serve NAME PORT STORE-FLAGS...: a galette serve on a seeded store
  local name=$1 port=$2; shift 2
  "$bin" "$@" serve --addr "127.0.0.1:$port" --max-connections-per-client 100000 \
    --trusted-proxy 127.0.0.1 >/dev/null 2>"$work/$name.log" &
  pids+=($!)
}
sqlite=(--data "$work/sqlite")
"$bin" "${sqlite[@]}" demo --seed-only >/dev/null
echo "$password" | "$bin" "${sqlite[@]}" user add --tenant cdmx --email bench@example.org --password-stdin >/dev/null
g1=$(free_port); serve sqlite "$g1" "${sqlite[@]}"; galette_pid=${pids[-1]}
psql "$pg/postgres" -qc "CREATE DATABASE $db" >/dev/null
postgres=(--data "$work/pg" --database-url "$pg/$db")
"$bin" "${postgres[@]}" demo --seed-only >/dev/null
p1=$(free_port); serve pg1 "$p1" "${postgres[@]}"
p2=$(free_port); serve pg2 "$p2" "${postgres[@]}"
lb=$(free_port)
LISTEN="127.0.0.1:$lb" GALETTE_1="127.0.0.1:$p1" GALETTE_2="127.0.0.1:$p2" \
  haproxy -db -f deploy/haproxy.cfg >"$work/haproxy.log" 2>&1 &
pids+=($!)
hello=$(free_port)
"$bin" bench-hello --addr "127.0.0.1:$hello" >/dev/null 2>&1 &
pids+=($!)
ng=$(free_port)
"$bin" --data "$work/sqlite" serve --addr "127.0.0.1:$ng" --max-connections-per-client 100000 \
  --bench-without-cookie-guard >/dev/null 2>"$work/noguard.log" &
pids+=($!)
nc=$(free_port)
"$bin" --data "$work/sqlite" serve --addr "127.0.0.1:$nc" --max-connections-per-client 100000 \
  --bench-without-page-cache >/dev/null 2>"$work/nocache.log" &
pids+=($!)
for url in "http://127.0.0.1:$django_port/" "http://127.0.0.1:$g1/healthz" "http://127.0.0.1:$p1/healthz" \
  "http://127.0.0.1:$p2/healthz" "http://127.0.0.1:$ng/healthz" "http://127.0.0.1:$nc/healthz" "http://127.0.0.1:$hello/"; do wait_for "$url"; done
wait_for "http://127.0.0.1:$lb/healthz"
idle_galette=$(rss_kb "$galette_pid")
idle_django=$(rss_kb $(pgrep -f "gunicorn -w 2 -b 127.0.0.1:$django_port" | tr '\n' ' '))

# --- the requests ----------------------------------------------------------------------
# A CSRF pair from each server, for the POSTs (wrk sends the same body every time).
pair() { # pair BASE HOST PATH → "secret token"
  local page secret
  page=$(curl -s -c "$work/jar" -H "Host: $2" "$1$3")
  secret=$(awk '$6 == "csrftoken" { print $7 }' "$work/jar")
  printf '%s %s\n' "$secret" "$(printf '%s' "$page" | grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')"
}
post_script() { # post_script FILE SECRET BODY
  cat > "$1" <<LUA
wrk.method = "POST"
wrk.body = "$3"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken=$2"
LUA
}
read -r gs gt < <(pair "http://127.0.0.1:$g1" "cdmx.localhost:$g1" /login/)
read -r ds dt < <(pair "http://127.0.0.1:$django_port" "localhost" /login/)
post_script "$work/g-setlang.lua" "$gs" "language=fr&next=/&csrfmiddlewaretoken=$gt"
post_script "$work/d-setlang.lua" "$ds" "language=fr&next=/&csrfmiddlewaretoken=$dt"
post_script "$work/g-login.lua" "$gs" "email=bench%40example.org&password=correct+horse+battery+staple&csrfmiddlewaretoken=$gt"
post_script "$work/d-login.lua" "$ds" "username=bench&password=correct+horse+battery+staple&csrfmiddlewaretoken=$dt"

# run PORT HOST PATH [LUA] → "req/s p50_ms p99_ms"
run() {
  local lua=()
  [ -n "${4:-}" ] && lua=(-s "$4")
  wrk -t2 -c"$connections" -d"$duration" --latency -H "Host: $2" -H "Accept-Language: es" "${lua[@]}" \
    "http://127.0.0.1:$1$3" | awk '
      /Requests\/sec/ { rps = $2 }
      /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
      /Non-2xx or 3xx/ { bad = $5 }
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      END { printf "%s %.2f %.2f %s\n", rps, ms(p50), ms(p99), (bad == "" ? 0 : bad) }'
}
median() { sort -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }
busy_ticks() { for p in "$@"; do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null; done | awk '{ s += $1 } END { print s + 0 }'; }
# Waits (at most 30 s) until Django's workers and galette are idle: after a sign-in run,
# gunicorn's workers still hash the requests they had accepted for seconds after wrk stops,
# and the next case (GET /datasets/ in each round) measured galette on the cores left over.
settle() {
  local pids before after
  pids=($(pgrep -f "gunicorn -w 2 -b 127.0.0.1:$django_port") "$galette_pid")
  for _ in $(seq 60); do
    before=$(busy_ticks "${pids[@]}"); sleep 0.5; after=$(busy_ticks "${pids[@]}")
    [ $((after - before)) -le 2 ] && return
  done
}

declare -A results
cases=(
  "galette:GET /|$g1|cdmx.localhost:$g1|/|"
  "django:GET /|$django_port|localhost|/|"
  "galette:GET /cookie-policy/|$g1|cdmx.localhost:$g1|/cookie-policy/|"
  "django:GET /cookie-policy/|$django_port|localhost|/cookie-policy/|"
  "galette:POST /i18n/setlang/|$g1|cdmx.localhost:$g1|/i18n/setlang/|$work/g-setlang.lua"
  "django:POST /i18n/setlang/|$django_port|localhost|/i18n/setlang/|$work/d-setlang.lua"
  "galette:POST /login/ (sign-in)|$g1|cdmx.localhost:$g1|/login/|$work/g-login.lua"
  "django:POST /login/ (sign-in)|$django_port|localhost|/login/|$work/d-login.lua"
  "galette:GET /datasets/|$g1|cdmx.localhost:$g1|/datasets/|"
  "sqlite:GET /|$g1|cdmx.localhost:$g1|/|"
  "postgres:GET /|$p1|cdmx.localhost:$p1|/|"
  "2 replicas + HAProxy:GET /|$lb|cdmx.localhost:$lb|/|"
  "no guard:GET /|$ng|cdmx.localhost:$ng|/|"
  "no page cache:GET /|$nc|cdmx.localhost:$nc|/|"
  "no page cache:GET /cookie-policy/|$nc|cdmx.localhost:$nc|/cookie-policy/|"
  "no page cache:GET /datasets/|$nc|cdmx.localhost:$nc|/datasets/|"
  "axum hello:GET /|$hello|localhost|/|"
)
for round in $(seq "$rounds"); do
  for case in "${cases[@]}"; do
    IFS='|' read -r key port host path lua <<<"$case"
    settle
    results[$key]+="$(run "$port" "$host" "$path" "$lua")"$'\n'
  done
  [ "$round" = 1 ] && loaded_galette=$(rss_kb "$galette_pid") &&
    loaded_django=$(rss_kb $(pgrep -f "gunicorn -w 2 -b 127.0.0.1:$django_port" | tr '\n' ' '))
done

pick() { printf '%s' "${results[$1]}" | grep -v '^$' | median; }
echo "galette $(git describe --always --dirty 2>/dev/null) vs Django $django_version + gunicorn (2 sync workers), $(nproc) cores, wrk -t2 -c$connections, median of $rounds rounds of $duration"
printf '\n%-28s %12s %9s %9s | %12s %9s %9s | %7s\n' request "galette r/s" "p50 ms" "p99 ms" "Django r/s" "p50 ms" "p99 ms" ratio
for request in "GET /" "GET /cookie-policy/" "POST /i18n/setlang/" "POST /login/ (sign-in)"; do
  read -r gr g50 g99 gbad <<<"$(pick "galette:$request")"
  read -r dr d50 d99 dbad <<<"$(pick "django:$request")"
  printf '%-28s %12s %9s %9s | %12s %9s %9s | %6.1fx\n' "$request" "$gr" "$g50" "$g99" "$dr" "$d50" "$d99" \
    "$(awk -v a="$gr" -v b="$dr" 'BEGIN { print (b > 0 ? a / b : 0) }')"
  [ "${gbad:-0}" = 0 ] && [ "${dbad:-0}" = 0 ] || echo "   (non-2xx/3xx answers: galette $gbad, Django $dbad)"
done
printf '\n%-36s %12s %9s %9s\n' "galette, GET / on cdmx" "r/s" "p50 ms" "p99 ms"
for key in "galette:GET /datasets/" "sqlite:GET /" "postgres:GET /" "2 replicas + HAProxy:GET /" "no guard:GET /" \
  "no page cache:GET /" "no page cache:GET /cookie-policy/" "no page cache:GET /datasets/" "axum hello:GET /"; do
  read -r r p50 p99 _ <<<"$(pick "$key")"
  printf '%-36s %12s %9s %9s\n' "${key/:/, }" "$r" "$p50" "$p99"
done
read -r hr _ <<<"$(pick "axum hello:GET /")"
for key in "galette:GET /" "galette:GET /cookie-policy/" "galette:GET /datasets/"; do
  read -r r _ <<<"$(pick "$key")"
  printf '%-36s %s of a bare axum hello (target: at least a third)\n' "${key/galette:/}" \
    "$(awk -v a="$r" -v b="$hr" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
done
printf '\nRSS (MiB)         idle   after load\n'
printf 'galette       %8.1f %12.1f\n' "$(awk -v k="$idle_galette" 'BEGIN{print k/1024}')" "$(awk -v k="$loaded_galette" 'BEGIN{print k/1024}')"
printf 'Django (all)  %8.1f %12.1f\n' "$(awk -v k="$idle_django" 'BEGIN{print k/1024}')" "$(awk -v k="$loaded_django" 'BEGIN{print k/1024}')"
