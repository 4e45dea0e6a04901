#!/usr/bin/env python3
"""A large flights table for benchmarks: the rows of a flights CSV (bench/flights-csv.py)
repeated, each copy shifted by one more year (the `year` column and `time_hour`), until
the wanted number of rows.

    bench/flights-repeat.py /tmp/flights.csv /tmp/flights-10m.csv [ROWS=10000000]

Never commit the result (about 1 GB for 10 million rows).
"""
import sys


def main(source, target, rows):
    with open(source, encoding="utf-8") as f:
        header = f.readline()
        lines = f.readlines()
    written = 0
    with open(target, "w", encoding="utf-8") as out:
        out.write(header)
        shift = 0
        while written < rows:
            for line in lines:
                if written == rows:
                    break
                year, rest = line.split(",", 1)
                body, time_hour = rest.rsplit(",", 1)
                shifted = int(year) + shift
                out.write(f"{shifted},{body},{shifted}{time_hour[4:]}")
                written += 1
            shift += 1
    print(f"{target}: {written} rows")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 10_000_000)
