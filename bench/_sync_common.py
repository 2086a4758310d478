"""Set-up shared by the contact sync benchmarks: Django on a scratch PostgreSQL database.

The benchmarks never touch the database DATABASE_URL names: they use its server, drop and
recreate a scratch database (BENCH_DATABASE, default relmap_bench_sync) and migrate it.
"""

import os
import statistics
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> str:
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(
            "Set DATABASE_URL=postgres://user@host:port/anything (the targets are for PostgreSQL)."
        )
    scratch = os.environ.get("BENCH_DATABASE", "relmap_bench_sync")
    _recreate_database(parts, scratch)
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{scratch}"))
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmap.settings")
    sys.path.insert(0, str(ROOT))

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable")  # the shared cache, when no REDIS_URL names one
    return scratch


def _recreate_database(parts, name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(
        host=parts.hostname or "",
        port=parts.port or 5432,
        user=parts.username or "",
        password=parts.password or "",
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def make_user():
    """An account manager (so the fence filter is on) and an organisation to file contacts at."""
    from stakeholders import services

    user = services.staff_create(username="bench", role="account_manager", password="bench")
    organisation = services.organisation_create(name="Benchmark Ltd")
    fenced = services.organisation_create(name="Fenced Benchmark Ltd")
    services.account_upsert(organisation=fenced, is_fenced=True)
    return user, organisation


def report(name: str, values: list[float], target: float, unit: str) -> None:
    """Print the median and its ratio to the target, with the machine's load for context."""
    median = statistics.median(values)
    runs = ", ".join(f"{v:,.0f}" for v in values)
    print(
        f"{name}: median {median:,.0f} {unit} (runs: {runs}); target {target:,.0f}; "
        f"ratio to target {median / target:.2f}"
    )
