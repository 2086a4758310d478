"""The data the million-row benchmarks run on, built once and kept: a scratch PostgreSQL
database (BENCH_DATABASE, default relmap_bench_1m, on the server DATABASE_URL names).

The demo data at scale 100 (4,000 organisations, 100,000 contacts with their relationships,
about a million interactions, commitments, issues, assessments and the scorecard's history,
all made by the application's own code), then 900,000 more contacts loaded with COPY into the
same organisations, stamped for the changes feed by the loading transaction like any write,
and `ANALYZE`. An account manager `am50` manages exactly 50 accounts. Building takes about
ten minutes; later runs find it and start at once (`--rebuild` starts again).
"""

import csv
import io
import os
import random
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

from _sync_common import ROOT, _recreate_database

CONTACTS = 1_000_000
MARKER = "bench-1m-complete"
DEMO_MARKER = "demo:org:northwind"  # relmap.demo.plan.MARKER_EXTERNAL_ID
FIRST = ["Ann", "Bo", "Cy", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kim", "Lea"]
LAST = ["Adams", "Berg", "Chen", "Diaz", "Evans", "Fox", "Grant", "Hale", "Ito", "Jones"]
COLUMNS = (
    "first_name, last_name, email, phone, job_title, organisation_id, seniority, notes, "
    "consent_marketing, version, created_at, updated_at, sync_txid"
)


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit("Set DATABASE_URL=postgres://user@host:port/anything (the targets are for PG).")
    name = os.environ.get("BENCH_DATABASE", "relmap_bench_1m")
    return urlunsplit(parts._replace(path=f"/{name}"))


def _state(url: str) -> str:
    """ "built", "seeded" (the demo data is there, the bulk contacts not) or "empty"."""
    import psycopg2

    parts = urlsplit(url)
    try:
        connection = psycopg2.connect(
            host=parts.hostname, port=parts.port or 5432, user=parts.username or "",
            dbname=parts.path[1:],
        )  # fmt: skip
    except psycopg2.OperationalError:
        return "empty"
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('stakeholders_organisation') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return "empty"
        cursor.execute(
            "SELECT external_id FROM stakeholders_organisation WHERE external_id IN (%s, %s)",
            [MARKER, DEMO_MARKER],
        )
        found = {row[0] for row in cursor.fetchall()}
    connection.close()
    return "built" if MARKER in found else "seeded" if DEMO_MARKER in found else "empty"


def _manage(url: str, *args: str) -> None:
    env = dict(os.environ, DATABASE_URL=url, DEBUG="true", SECRET_KEY="benchmark-only-key")
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, env=env)


def _copy_contacts(count: int) -> None:
    from django.db import connection, transaction

    from stakeholders.sync import current_stamp

    rng = random.Random(1_000_000)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM stakeholders_organisation WHERE external_id IS DISTINCT FROM %s",
            [MARKER],
        )
        organisations = [row[0] for row in cursor.fetchall()]
    done = 0
    while done < count:
        chunk = min(100_000, count - done)
        with transaction.atomic(), connection.cursor() as cursor:
            # The loading transaction stamps its rows, as every contact write does.
            stamp = current_stamp()
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for n in range(done, done + chunk):
                first, last = rng.choice(FIRST), rng.choice(LAST)
                writer.writerow(
                    [first, f"{last}{n % 997:03}", f"{first}.{last}{n}@bulk.example".lower(),
                     "", "Buyer", rng.choice(organisations),
                     "executive" if n % 10 == 0 else "operational", "", "f", 1,
                     "2026-01-01 00:00:00+00", "2026-01-01 00:00:00+00", stamp]
                )  # fmt: skip
            buffer.seek(0)
            cursor.copy_expert(
                f"COPY stakeholders_contact ({COLUMNS}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
                buffer,
            )
        done += chunk
        print(f"  {done:,} contacts copied", flush=True)


def _manager_of_fifty() -> None:
    from stakeholders import services
    from stakeholders.models import Account

    user = services.staff_create(username="am50", role="account_manager", password="bench")
    ids = list(
        Account.objects.filter(is_fenced=False).order_by("id").values_list("id", flat=True)[:50]
    )
    Account.objects.filter(id__in=ids).update(manager=user)


def build(*, rebuild: bool = False) -> str:
    """The URL of the built database, building it first if needed."""
    url = database_url()
    state = "empty" if rebuild else _state(url)
    if state == "built":
        _manage(url, "migrate", "--noinput", "-v", "0")  # the code may have moved on
        return url
    started = time.monotonic()
    if state == "empty":
        parts = urlsplit(url)
        _recreate_database(parts, parts.path[1:])
        _manage(url, "migrate", "--noinput", "-v", "0")
        _manage(url, "createcachetable")
        _manage(url, "seed_demo", "--scale", "100")
    setup(url)
    from django.db import connection

    from stakeholders.models import Contact, Organisation

    _copy_contacts(CONTACTS - Contact.objects.count())
    _manager_of_fifty()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would, soon after a bulk load
    Organisation.objects.create(name="Benchmark data complete", external_id=MARKER)
    print(f"Built {url.rsplit('/', 1)[1]} in {time.monotonic() - started:.0f} s.", flush=True)
    return url


def setup(url: str) -> None:
    """Django set up on the benchmark database (idempotent)."""
    os.environ["DATABASE_URL"] = url
    # The shared cache production runs with (rate limits, sessions' throttles): Redis.
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmap.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


if __name__ == "__main__":
    print(f"Benchmark data: {build(rebuild='--rebuild' in sys.argv)}")
