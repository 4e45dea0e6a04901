#!/usr/bin/env python3
"""The general engines galette's columnar path was chosen against, on the same queries.

Loads the full flights table (bench/flights-csv.py) into DuckDB and into Apache DataFusion
(their Python packages, in the virtualenv bench/explore.sh makes), then times, on one
thread, the median of ROUNDS runs of the benchmark's two uncached queries with a new N at
each run:

  (f) carrier = 'UA' and dep_delay > -N, order by dep_delay desc, limit 100, and the
      count of matching rows (the API answers both);
  (g) count(*) per origin where carrier = 'UA' and distance > -N.

It prints milliseconds per query, the resident memory after loading, and the size of each
engine's shared library (what linking it would add to a binary).

    /tmp/galette-bench/venv/bin/pip install duckdb datafusion pyarrow
    /tmp/galette-bench/venv/bin/python bench/engines.py /tmp/galette-bench/flights.csv
"""

import glob
import os
import random
import resource
import statistics
import sys
import time

ROUNDS = int(os.environ.get("ROUNDS", "200"))
F = (
    "select * from flights where carrier = 'UA' and dep_delay > -{n} "
    "order by dep_delay desc limit 100"
)
F_COUNT = "select count(*) from flights where carrier = 'UA' and dep_delay > -{n}"
G = (
    "select origin, count(*) from flights where carrier = 'UA' and distance > -{n} "
    "group by origin"
)


def median_ms(run, sql):
    times = []
    for _ in range(ROUNDS):
        n = random.randint(100_000, 10_000_000)
        start = time.perf_counter()
        run(sql.format(n=n))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def library_mb(package, pattern):
    """The shared libraries of a package, in its directory or beside it (DuckDB's
    `_duckdb*.so` sits next to the package, not in it)."""
    module = __import__(package)
    root = os.path.dirname(module.__file__)
    files = glob.glob(os.path.join(root, "**", pattern), recursive=True)
    files += glob.glob(os.path.join(os.path.dirname(root), f"_{package}*.so"))
    return sum(os.path.getsize(f) for f in files) / 1e6


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def duckdb_engine(csv):
    import duckdb

    con = duckdb.connect()
    con.execute("set threads = 1")
    before = rss_mb()
    con.execute(f"create table flights as select * from read_csv_auto('{csv}')")
    loaded = rss_mb() - before

    def run(sql):
        return con.execute(sql).fetchall()

    return run, loaded, library_mb("duckdb", "*.so")


def datafusion_engine(csv):
    import datafusion

    config = datafusion.SessionConfig().with_target_partitions(1)
    ctx = datafusion.SessionContext(config)
    before = rss_mb()
    # In memory, as galette's copy is: a table of Arrow record batches.
    batches = ctx.read_csv(csv).collect()
    ctx.register_record_batches("flights", [batches])
    loaded = rss_mb() - before

    def run(sql):
        return ctx.sql(sql).collect()

    return run, loaded, library_mb("datafusion", "*.so")


def main():
    csv = sys.argv[1] if len(sys.argv) > 1 else "/tmp/galette-bench/flights.csv"
    print(f"{'engine':<12} {'f ms':>8} {'f count':>8} {'g ms':>8} {'load MB':>8} {'lib MB':>7}")
    for name, make in (("DuckDB", duckdb_engine), ("DataFusion", datafusion_engine)):
        try:
            run, loaded, lib = make(csv)
        except ImportError as error:
            print(f"{name:<12} not installed ({error})")
            continue
        f = median_ms(run, F)
        f_count = median_ms(run, F_COUNT)
        g = median_ms(run, G)
        print(f"{name:<12} {f:8.2f} {f_count:8.2f} {g:8.2f} {loaded:8.0f} {lib:7.0f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
