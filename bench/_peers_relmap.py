"""Relmap's side of bench/peers.py: load the data into the scratch database DATABASE_URL names.

    DATABASE_URL=postgres://.../relmap_peer_relmap .venv/bin/python bench/_peers_relmap.py N M

Migrates, creates the cache table, an administrator `bench` (password `bench-password-1`) with an
API token, N organisations and M contacts spread round-robin over them (through the bulk upsert
service, so each contact is stamped for sync as any other), then prints one JSON line:
{"token", "username", "password", "contact_id"}.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-1"


def main() -> None:
    organisations, contacts = int(sys.argv[1]), int(sys.argv[2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmap.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    from django.db import connection

    from stakeholders import services
    from stakeholders.models import Contact
    from stakeholders.sync import contact_upsert_many
    from trust.tokens import api_token_create

    user = services.staff_create(username="bench", role="admin", password=PASSWORD)
    org_ids = [
        services.organisation_create(name=f"Organisation {n:05d}").pk for n in range(organisations)
    ]
    for start in range(0, contacts, 1000):
        contact_upsert_many(
            user=user,
            items=[
                {
                    "external_id": f"peer:{n}",
                    "first_name": f"First{n}",
                    "last_name": f"Last{n % 997}",
                    "email": f"c{n}@example.org",
                    "job_title": "Buyer",
                    "organisation": org_ids[n % len(org_ids)],
                }
                for n in range(start, min(start + 1000, contacts))
            ],
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    _, key = api_token_create(user=user, name="peers bench")
    ids = list(Contact.objects.order_by("pk").values_list("pk", flat=True))
    print(
        json.dumps(
            {
                "token": key,
                "username": "bench",
                "password": PASSWORD,
                "contact_id": ids[len(ids) // 2],
            }
        )
    )


if __name__ == "__main__":
    main()
