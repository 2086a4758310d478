"""Capture throughput: a 50,000-message mbox captured in under 2 minutes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/capture.py [--runs 3]

The mailbox is what a firm's BCC dropbox collects over a year: 40 of our people, 2,100
contacts at 300 organisations (one a fenced key account), and 50,000 messages: 60% between
our people and contacts (a third of them with several contacts, some at two organisations),
25% with outside addresses nobody knows (they become suggestions), 10% among our own people,
5% unreadable (no date); 2% carry a 200 KB attachment, streamed past unread. Each run
captures a new file (new Message-IDs) through `capture_file`, as `manage.py capture` does,
on a scratch database; then the same file again (all "captured already"). Prints the medians
and the ratio to the target.
"""

import argparse
import os
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from _sync_common import report, setup_django

TARGET_SECONDS = 120
MESSAGES = 50_000
ATTACHMENT = (b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=" * 2 + b"\n") * 2_800  # ~200 KB


def _people():
    from stakeholders import services
    from stakeholders.models import Contact

    ours = [
        services.staff_create(
            username=f"staff{i}",
            role="account_manager",
            password="x",
            email=f"staff{i}@northwind.example",
        )
        for i in range(40)
    ]
    organisations = [services.organisation_create(name=f"Customer {i}") for i in range(300)]
    fenced = organisations[0]
    services.account_upsert(organisation=fenced, is_fenced=True, manager=ours[0])
    Contact.objects.bulk_create(
        Contact(
            first_name=f"First{i}",
            last_name=f"Last{i}",
            email=f"person{i}@customer{i % 300}.example",
            organisation=organisations[i % 300],
        )
        for i in range(2_100)
    )
    theirs = [f"person{i}@customer{i % 300}.example" for i in range(2_100)]
    return [u.email for u in ours], theirs, ours[0]


def _mbox(path: str, run: int, ours: list[str], theirs: list[str]) -> int:
    rng = random.Random(run)
    start = datetime.now(UTC) - timedelta(days=365)
    with open(path, "wb") as out:
        for n in range(MESSAGES):
            roll = rng.random()
            sender = rng.choice(ours)
            if roll < 0.60:
                count = 1 if rng.random() < 0.66 else rng.randint(2, 4)
                recipients = rng.sample(theirs, count)
            elif roll < 0.85:
                recipients = [
                    f"someone{rng.randint(0, 5000)}@elsewhere{rng.randint(0, 400)}.example"
                ]
            else:
                recipients = rng.sample(ours, 2)
            when = start + timedelta(seconds=rng.randint(0, 365 * 86400))
            date = "" if roll > 0.95 else f"Date: {format_datetime(when)}\n"
            headers = (
                f"From: Sender <{sender}>\nTo: {', '.join(recipients)}\n{date}"
                f"Message-ID: <bench.{run}.{n}@northwind.example>\nSubject: Message {n}\n"
                "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
            )
            out.write(b"From MAILER-DAEMON Mon Jan  1 00:00:00 2026\n" + headers.encode())
            out.write(b"Hello, a short note.\n")
            if rng.random() < 0.02:
                out.write(ATTACHMENT)
            out.write(b"\n")
    return os.path.getsize(path)


def _capture(path: str, by) -> tuple[float, object]:
    from capture.services import capture_file

    started = time.perf_counter()
    with open(path, "rb") as stream:
        outcome = capture_file(stream, "bench.mbox", by=by)
    return time.perf_counter() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("BENCH_DATABASE", "relmap_bench_capture")
    scratch = setup_django()
    ours, theirs, by = _people()
    print(f"Scratch database {scratch}; {args.runs} runs of {MESSAGES:,} messages.")
    first, again = [], []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            path = os.path.join(folder, f"run{run}.mbox")
            size = _mbox(path, run, ours, theirs)
            seconds, outcome = _capture(path, by)
            first.append(seconds)
            print(f"  run {run + 1}: {size / 2**20:.0f} MB, {seconds:.1f} s, {outcome.counts()}")
            seconds, outcome = _capture(path, by)
            again.append(seconds)
            print(f"  the same file again: {seconds:.1f} s, {outcome.counts()}")
    report(f"capture a {MESSAGES:,}-message mbox", first, TARGET_SECONDS, "s")
    report("capture the same mbox again", again, TARGET_SECONDS, "s")
    print(f"  {MESSAGES / sorted(first)[len(first) // 2]:,.0f} messages/s on the first pass")


if __name__ == "__main__":
    main()
