#!/usr/bin/env bash
# Runs the HTTP fuzzer (tests/it/fuzz_http.rs) for longer than CI does: a real `galette
# serve`, generated ODSQL and parameters from concurrent clients, no 5xx and bounded memory.
#   bench/fuzz-http.sh [SECONDS] [postgres]      e.g. bench/fuzz-http.sh 1800
# GALETTE_FUZZ_SEED=N replays a run; the seed is printed at the start.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
if [ "${2:-}" = postgres ]; then
  export GALETTE_TEST_DATABASE_URL=${GALETTE_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
fi
GALETTE_FUZZ_SECS=$seconds GALETTE_FUZZ_CASES=100000000 \
  cargo test --release --test it fuzz_http -- --nocapture
