"""Benchmark the scorecard on a large dataset (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/scorecard.py \
        [--interactions 1000000] [--requests 50] [--reuse]

Builds a scratch database (BENCH_DATABASE, default relmap_bench_scorecard; dropped and made
again unless --reuse finds it filled) with `--interactions` interactions over 18 months and
proportionate issues, commitments, interventions, assessments and relationships, then reports:
- the time to compute the whole 18-month history for every scope (what seed_demo does);
- the time to recompute one quarter for every scope (target ≤ 60 s at 1M interactions);
- the median time of the /scorecard/ page and of GET /api/v1/scorecard/ over `--requests`
  requests (target ≤ 150 ms), for the company and for one account.
The database named by DATABASE_URL is only used to reach the server.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
UNITS, COMMUNITIES, USERS = 6, 10, 60
TOP_ORGS, DIVISIONS, ACCOUNTS, KEY_ACCOUNTS = 5000, 2000, 500, 100
MONTHS = 18


def setup_django(reuse: bool) -> bool:
    """Point Django at the scratch database; True when it already holds a dataset."""
    parts = urlsplit(os.environ.get("DATABASE_URL", ""))
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit("Set DATABASE_URL=postgres://user@host:port/any (the targets are for PostgreSQL).")
    name = os.environ.get("BENCH_DATABASE", "relmap_bench_scorecard")
    import psycopg2

    server = psycopg2.connect(
        host=parts.hostname or "",
        port=parts.port or 5432,
        user=parts.username or "",
        password=parts.password or "",
        dbname="postgres",
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if not (reuse and exists):
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
    server.close()
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "relmap.settings"
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from interventions.models import Interaction

    return reuse and exists and Interaction.objects.exists()


def build(interactions: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from interventions.models import Commitment, Interaction, Intervention, Issue
    from stakeholders.models import (
        Account,
        Assessment,
        Community,
        Contact,
        Organisation,
        Relationship,
        StaffProfile,
        Unit,
    )

    rng = random.Random(42)
    now = timezone.now()
    start = now - dt.timedelta(days=30 * MONTHS)
    long_ago = start - dt.timedelta(days=30)

    def when():
        return start + dt.timedelta(seconds=rng.random() * (now - start).total_seconds())

    t0 = time.perf_counter()
    with transaction.atomic():
        units = Unit.objects.bulk_create([Unit(name=f"Unit {i}") for i in range(UNITS)])
        User = get_user_model()
        users = User.objects.bulk_create(
            [User(username=f"staff{i}", password="!") for i in range(USERS)]
            + [User(username="exec", password="!")]
        )
        StaffProfile.objects.bulk_create(
            [StaffProfile(user=u, unit=units[i % UNITS]) for i, u in enumerate(users[:-1])]
            + [StaffProfile(user=users[-1], role="executive")]
        )
        staff = users[:-1]
        communities = Community.objects.bulk_create(
            [Community(name=f"Community {i}", kind="customers") for i in range(COMMUNITIES)]
        )
        tops = Organisation.objects.bulk_create(
            [
                Organisation(name=f"Org {i:05d}", is_key_account=i < KEY_ACCOUNTS)
                for i in range(TOP_ORGS)
            ]
        )
        Organisation.objects.filter(parent__isnull=True).update(root_id=models_f("id"))
        divisions = Organisation.objects.bulk_create(
            [
                Organisation(name=f"Division {i}", parent=p, root=p)
                for i, p in enumerate(rng.choices(tops[:ACCOUNTS], k=DIVISIONS))
            ]
        )
        through = Organisation.communities.through
        through.objects.bulk_create(
            [
                through(organisation_id=o.pk, community_id=communities[i % COMMUNITIES].pk)
                for i, o in enumerate(tops)
            ]
            + [
                through(organisation_id=o.pk, community_id=communities[(i + 3) % COMMUNITIES].pk)
                for i, o in enumerate(tops[::4])
            ],
            ignore_conflicts=True,
        )
        Account.objects.bulk_create(
            [
                Account(
                    organisation=o,
                    manager=staff[i % USERS],
                    created_at=long_ago,
                    current_level=1 + i % 3,
                    target_level=1 + (i + 1) % 3,
                )
                for i, o in enumerate(tops[:ACCOUNTS])
            ]
        )
        orgs = tops + divisions
        contacts = Contact.objects.bulk_create(
            [
                Contact(
                    first_name=f"C{i}",
                    organisation=rng.choice(orgs[:ACCOUNTS] + divisions),
                    seniority="executive" if i % 5 == 0 else "operational",
                )
                for i in range(20000)
            ],
            batch_size=5000,
        )
        Relationship.objects.bulk_create(
            [
                Relationship(
                    staff=staff[(i + k * (1 + i % 5)) % USERS],
                    contact=c,
                    owner=staff[i % USERS],
                    tier=("operational", "executive", "institutional")[(i + k) % 3],
                    created_at=long_ago,
                )
                for i, c in enumerate(contacts)
                for k in range(2)
            ],
            batch_size=5000,
        )
        Issue.objects.bulk_create(
            [
                Issue(
                    organisation=rng.choice(orgs),
                    category=rng.choice(Issue.Category.values),
                    summary="Issue",
                    opened_at=(o := when()),
                    resolved_at=o + dt.timedelta(days=rng.expovariate(1 / 8))
                    if rng.random() < 0.8
                    else None,
                    escalated=rng.random() < 0.1,
                    owner=rng.choice(staff),
                )
                for _ in range(interactions // 20)
            ],
            batch_size=5000,
        )
        Issue.objects.filter(resolved_at__gt=now).update(resolved_at=None)
        Commitment.objects.bulk_create(
            [
                Commitment(
                    organisation=rng.choice(orgs),
                    description="Promise",
                    due_on=(d := when()).date(),
                    owner=rng.choice(staff),
                    status=(s := rng.choice(["open", "kept", "kept", "kept", "missed"])),
                    closed_at=None if s == "open" else d,
                )
                for _ in range(interactions // 30)
            ],
            batch_size=5000,
        )
        Intervention.objects.bulk_create(
            [
                Intervention(
                    title="Plan",
                    target_kind="organisation",
                    organisation=rng.choice(tops),
                    purpose="develop",
                    objective="Grow.",
                    intended_outcome="Growth.",
                    owner=rng.choice(staff),
                    unit=rng.choice(units),
                    starts_on=(d := when()).date(),
                    ends_on=d.date(),
                    status="done",
                    closed_at=d,
                    outcome_rating=rng.choice(["achieved", "partly", ""]),
                )
                for _ in range(interactions // 200)
            ],
            batch_size=5000,
        )
        accounts = list(Account.objects.all())
        Assessment.objects.bulk_create(
            [
                Assessment(
                    account=rng.choice(accounts),
                    side="theirs",
                    requested_at=(r := when()),
                    assessed_at=r if (a := rng.random() < 0.4) else None,
                    trust=rng.randint(1, 5) if a else None,
                    openness=rng.randint(1, 5) if a else None,
                    nps=rng.randint(0, 10) if a else None,
                )
                for _ in range(interactions // 200)
            ],
            batch_size=5000,
        )
    print(f"  small tables: {time.perf_counter() - t0:.1f} s")

    t0 = time.perf_counter()
    # The big tables in SQL: a million rows through the ORM would take minutes.
    table = Interaction._meta.db_table
    staff_table = Interaction.staff.through._meta.db_table
    contacts_table = Interaction.contacts.through._meta.db_table
    org_ids = [o.pk for o in orgs]
    with connection.cursor() as cursor, transaction.atomic():
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(
            f"""
            INSERT INTO {table} (kind, occurred_at, organisation_id, tier, summary, notes,
                sentiment, logged_by_id, version, created_at, updated_at)
            SELECT 'meeting', %(now)s - random() * interval '{30 * MONTHS} days',
                (%(orgs)s::bigint[])[1 + floor(random() * %(n_orgs)s)::int], 'operational',
                'Met', '', floor(random() * 5)::int - 2,
                (%(staff)s::int[])[1 + floor(random() * %(n_staff)s)::int], 1, %(now)s, %(now)s
            FROM generate_series(1, %(n)s)
            """,
            {
                "now": now,
                "orgs": org_ids,
                "n_orgs": len(org_ids),
                "staff": [u.pk for u in staff],
                "n_staff": len(staff),
                "n": interactions,
            },
        )
        cursor.execute(
            f"INSERT INTO {staff_table} (interaction_id, user_id) "
            f"SELECT id, logged_by_id FROM {table}"
        )
        contact_ids = [c.pk for c in contacts]
        cursor.execute(
            f"""INSERT INTO {contacts_table} (interaction_id, contact_id)
            SELECT id, (%(c)s::bigint[])[1 + floor(random() * %(n)s)::int] FROM {table}""",
            {"c": contact_ids, "n": len(contact_ids)},
        )
        # What relationships_record_interaction keeps up to date as interactions are logged.
        cursor.execute(
            f"""UPDATE {Relationship._meta.db_table} r SET last_interaction_at = x.last
            FROM (SELECT s.user_id, c.contact_id, max(i.occurred_at) AS last
                  FROM {table} i JOIN {staff_table} s ON s.interaction_id = i.id
                  JOIN {contacts_table} c ON c.interaction_id = i.id GROUP BY 1, 2) x
            WHERE r.staff_id = x.user_id AND r.contact_id = x.contact_id"""
        )
        cursor.execute("ANALYZE")
    print(
        f"  {interactions:,} interactions with staff and contacts: {time.perf_counter() - t0:.1f} s"
    )


def models_f(name):
    from django.db.models import F

    return F(name)


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def median_ms(client, url: str, n: int) -> float:
    client.get(url)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="keep a filled scratch database")
    args = parser.parse_args()
    filled = setup_django(args.reuse)
    if not filled:
        print(f"Building the dataset ({args.interactions:,} interactions)…")
        build(args.interactions)

    from django.contrib.auth import get_user_model
    from django.test import Client

    from scorecard import periods
    from scorecard.models import Observation
    from scorecard.scopes import all_scopes
    from scorecard.services import scorecard_compute
    from stakeholders.models import Account

    this_month = periods.current_month()
    history = this_month.last_months(MONTHS)
    scopes = all_scopes()
    print(f"Scopes: {len(scopes)} (company, communities, units, accounts)")
    seconds = timed(lambda: scorecard_compute(periods=history))
    print(f"Whole history ({MONTHS} months, roll-ups, alerts): {seconds:.1f} s")
    quarter = periods.current_quarter().previous()
    seconds = timed(lambda: scorecard_compute(periods=[quarter]))
    print(f"Recompute one quarter ({quarter.code}) for every scope: {seconds:.1f} s")
    print(f"Observations stored: {Observation.objects.count():,}")

    client = Client()
    client.force_login(get_user_model().objects.get(username="exec"))
    account = Account.objects.order_by("pk").first()
    for label, url in (
        ("dashboard, company", f"/scorecard/?period={quarter.code}"),
        ("dashboard, account", f"/scorecard/?period={quarter.code}&scope=account:{account.pk}"),
        ("API, company", f"/api/v1/scorecard/?period={quarter.code}"),
    ):
        print(
            f"Median {label}: {median_ms(client, url, args.requests):.1f} ms "
            f"over {args.requests} requests"
        )


if __name__ == "__main__":
    main()
