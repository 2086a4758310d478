"""Import throughput: 100,000 contacts from CSV (and from Excel) in the background, and memory
as files grow.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/import.py [--runs 3]

Each run imports a new file of ROWS contacts (names, e-mail, phone, job title, organisation by
name) as an account manager, the way `manage.py worker` runs a queued import: the file read
from the database as it goes, matched, written in chunks of 1000 through the sync's bulk
writer with audit on, in one transaction.
Prints the median seconds of the runs and the ratio to the 60 s target, then the peak Python
memory (tracemalloc) of the worker's import of files of 20,000 and 100,000 rows (from loading
the batch without its file to the end; not the upload, which holds the file it receives):
flat means the second is about the first, not five times it.
"""

import argparse
import csv
import io
import time
import tracemalloc

from _sync_common import make_user, report, setup_django

TARGET_SECONDS = 60
ROWS = 100_000


def _file(run: int, rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ID", "First name", "Last name", "E-mail", "Phone", "Job title", "Company"])
    for i in range(rows):
        writer.writerow(
            [
                f"bench:{run}:{i}",
                f"First{i}",
                f"Last{i % 997}",
                f"p{run}.{i}@example.org",
                f"+44 20 7946 {i % 10000:04d}",
                "Buyer",
                "Benchmark Ltd",
            ]
        )
    return out.getvalue().encode()


def _xlsx(data: bytes) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in csv.reader(io.StringIO(data.decode())):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(user, name: str, content: bytes, trace: bool = False) -> float:
    """Seconds to import the file; with `trace`, the peak Python memory (MiB) instead."""
    from exchange.models import ImportBatch
    from exchange.running import read_headers, run_batch

    batch = ImportBatch(created_by=user, kind="contacts", file_name=name, content=content)
    read_headers(batch)
    batch.dry_run = False
    batch.save()
    # As the worker loads it: without the file, which is read from the database as it goes.
    batch = ImportBatch.objects.select_related("created_by").defer("content").get(pk=batch.pk)
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    batch = run_batch(batch)
    elapsed = time.perf_counter() - started
    if trace:
        elapsed = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    assert batch.status == "done" and batch.counts["created"] == batch.rows, batch.message
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scratch = setup_django()
    user, _ = make_user()
    print(f"Scratch database {scratch}; {args.runs} runs of {ROWS:,} contacts.")
    csv_times, xlsx_times = [], []
    for run in range(args.runs):
        data = _file(run, ROWS)
        csv_times.append(_import(user, "bench.csv", data))
        xlsx_times.append(_import(user, "bench.xlsx", _xlsx(_file(100 + run, ROWS))))
    for label, times in (("CSV", csv_times), ("Excel", xlsx_times)):
        report(f"import {ROWS:,} contacts from {label}", times, TARGET_SECONDS, "s")
        print(f"  min–max {min(times):.1f}–{max(times):.1f} s")
    peaks = {}
    for rows in (20_000, 100_000):
        data = _file(1000 + rows, rows)
        peaks[rows] = _import(user, "memory.csv", data, trace=True)
        size = len(data) / 2**20
        print(f"peak Python memory, {rows:,} rows ({size:.1f} MB file): {peaks[rows]:.0f} MiB")
    ratio = peaks[100_000] / peaks[20_000]
    print(f"memory ratio 100,000 / 20,000 rows: {ratio:.2f} (the rows' ratio is 5.00)")


if __name__ == "__main__":
    main()
