"""Bulk upsert throughput: contacts/s through POST /api/v1/contacts/bulk/ in batches of 1000.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/api_bulk.py [--runs 5]

Each run posts BATCHES batches of 1000 new contacts (created) and then the same batches again
with a changed field (updated), through the Django test client (whole middleware stack, session
auth, an Idempotency-Key on every request). Prints the median contacts/s of the runs.
"""

import argparse
import time
import uuid

from _sync_common import make_user, report, setup_django

TARGET = 5000
BATCH = 1000
BATCHES = 10


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    scratch = setup_django()

    from django.test import Client

    user, organisation = make_user()
    client = Client()
    client.force_login(user)
    print(f"Scratch database {scratch}; {args.runs} runs of {BATCHES} batches of {BATCH}.")

    created, updated = [], []
    for run in range(args.runs):
        batches = [
            [
                {
                    "external_id": f"bench:{run}:{b}:{i}",
                    "first_name": f"First{i}",
                    "last_name": f"Last{b}",
                    "email": f"p{run}.{b}.{i}@example.org",
                    "job_title": "Buyer",
                    "organisation": organisation.pk,
                    "influence": 1 + i % 5,
                }
                for i in range(BATCH)
            ]
            for b in range(BATCHES)
        ]
        created.append(_post_all(client, batches, "created"))
        for batch in batches:
            for item in batch:
                item["job_title"] = "Head of buying"
        updated.append(_post_all(client, batches, "updated"))
    report("bulk create", created, TARGET, "contacts/s")
    report("bulk update", updated, TARGET, "contacts/s")


def _post_all(client, batches, expected: str) -> float:
    started, cpu = time.perf_counter(), time.process_time()
    for batch in batches:
        response = client.post(
            "/api/v1/contacts/bulk/",
            {"contacts": batch},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        )
        assert response.status_code == 200, response.content[:500]
        assert response.json()[expected] == len(batch), response.content[:500]
    elapsed = time.perf_counter() - started
    count = sum(len(b) for b in batches)
    # The Django side's own cost, which machine load hardly changes (PostgreSQL's is not in it).
    print(
        f"  {expected}: {count / elapsed:,.0f}/s wall, "
        f"{count / (time.process_time() - cpu):,.0f} per CPU-second of the Django process"
    )
    return count / elapsed


if __name__ == "__main__":
    main()
