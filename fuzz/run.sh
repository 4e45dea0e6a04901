#!/usr/bin/env bash
# Fuzzes the ODSQL parsers with libFuzzer for a while (default 5 minutes) on the stable
# toolchain: the same coverage instrumentation `cargo fuzz run` asks rustc for, without its
# nightly-only sanitizer flag (a panic is what the target looks for, and Rust code needs no
# AddressSanitizer for that). Seeds come from the ODSQL examples of the reference.
#
#   fuzz/run.sh               # FUZZ_SECONDS=300 by default
#   FUZZ_SECONDS=3600 fuzz/run.sh
set -euo pipefail
cd "$(dirname "$0")"
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
# With an explicit --target, RUSTFLAGS reach only the target's code, not build scripts and
# proc macros (which cannot link the coverage hooks): what cargo fuzz does too.
host=$(rustc -vV | sed -n 's/^host: //p')
cargo build --release --bin odsql_parse --target "$host"
corpus=corpus/odsql_parse
mkdir -p "$corpus" artifacts
i=0
for seed in 'carrier="UA"' 'dep_delay > 10 and not (origin = "JFK" or origin = "LGA")' \
  'count(*) as n, avg(dep_delay) as a' 'range(dep_delay, *, 0, 60, *) as bucket, origin' \
  'year(time_hour) as y' "time_hour >= date'2013-01-05T10:00:00Z'" 'f in [1..10]' 'f in ]1..10[' \
  '`select` is not null' 'search(carrier, "UA") or suggest("ua")' 'startswith(tailnum, "N1")' \
  'n desc, random(3)' "date_format(time_hour, 'yyyy-MM') as m" 'percentile(dep_delay, 90)' \
  'carrier:UA' '"united" and f like "word"' 'within_distance(p, geom'"'"'POINT(1 2)'"'"', 10km)'; do
  printf '%s' "$seed" > "$corpus/seed-$i"; i=$((i + 1))
done
exec "target/$host/release/odsql_parse" "$corpus" -artifact_prefix=artifacts/ \
  -max_total_time="${FUZZ_SECONDS:-300}" -max_len=1024 -print_final_stats=1
