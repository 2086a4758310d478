"""Changes feed throughput: changes/s one client reads from GET /api/v1/contacts/changes/.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/changes_feed.py \
        [--contacts 100000] [--runs 5]

Creates CONTACTS contacts through the bulk upsert service, then reads the whole feed (initial
sync, 1000 a page) RUNS times through the Django test client as an account manager (so the
picket-fence filter is on); then updates a fifth of them and reads the incremental feed.
Prints the median changes/s.
"""

import argparse
import time

from _sync_common import make_user, report, setup_django

TARGET = 20000
PAGE = 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    scratch = setup_django()

    from django.db import connection
    from django.test import Client

    from stakeholders.sync import contact_upsert_many

    user, organisation = make_user()
    print(f"Scratch database {scratch}; {args.contacts:,} contacts; {args.runs} runs.")
    for start in range(0, args.contacts, 1000):
        contact_upsert_many(
            user=user,
            items=[
                {
                    "external_id": f"feed:{n}",
                    "first_name": f"First{n}",
                    "last_name": "Feed",
                    "email": f"f{n}@example.org",
                    "organisation": organisation.pk,
                }
                for n in range(start, min(start + 1000, args.contacts))
            ],
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE stakeholders_contact")

    _wait_until_settled()
    client = Client()
    client.force_login(user)
    initial, cursors = [], []
    for _ in range(args.runs):
        rate, rows, cursor = _read(client, None)
        assert rows == args.contacts, rows
        initial.append(rate)
        cursors.append(cursor)

    changed = args.contacts // 5
    for start in range(0, changed, 1000):
        contact_upsert_many(
            user=user,
            items=[
                {"external_id": f"feed:{n}", "job_title": "Changed"}
                for n in range(start, min(start + 1000, changed))
            ],
        )
    _wait_until_settled()
    incremental = []
    for _ in range(args.runs):
        rate, rows, _ = _read(client, cursors[-1])
        assert rows == changed, rows
        incremental.append(rate)
    report("initial sync read", initial, TARGET, "changes/s")
    report("incremental read", incremental, TARGET, "changes/s")


def _wait_until_settled(timeout: float = 300) -> None:
    """Wait until the updates are below the feed's horizon: another session's open transaction
    on the same server holds the feed back (by design) and would make the read come up short."""
    from django.db import connection

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
                " > (SELECT max(sync_txid) FROM stakeholders_contact)"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.1)
    raise SystemExit("The feed did not settle: a long transaction is open on this server.")


def _read(client, since):
    started = time.perf_counter()
    rows = 0
    while True:
        params = {"limit": PAGE}
        if since is not None:
            params["since"] = since
        response = client.get("/api/v1/contacts/changes/", params)
        assert response.status_code == 200, response.content[:500]
        body = response.json()
        rows += len(body["results"])
        since = body["next_cursor"]
        if not body["has_more"]:
            break
    return rows / (time.perf_counter() - started), rows, since


if __name__ == "__main__":
    main()
