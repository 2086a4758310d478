"""The peers bench/peers.py compares Relmap with: how each installs, is configured, is loaded
with data and is served. Each peer's code runs only in its own throwaway virtual environment,
from the scripts below, written into the run's temporary directory."""

from dataclasses import dataclass

PASSWORD = "bench-password-1"


@dataclass(frozen=True)
class Peer:
    name: str
    title: str
    requirement: str
    # Requirements installed without their own dependencies, then these dependencies (a peer
    # whose pinned dependencies cannot be built here): None installs the usual way.
    dependencies: tuple[str, ...] | None
    extra: tuple[str, ...]
    settings_module: str
    settings: str
    loader: str
    wsgi: str
    # Relmap's side of the same comparison: "api" (REST with a token) or "html" (session).
    relmap_side: str
    # A page that answers once the server is up.
    probe: str


BOTTLECRM_SETTINGS = """
import os
from crm.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"].update(
    NAME=os.environ["PEER_DB"], HOST="127.0.0.1", PORT="5432", USER="postgres", PASSWORD=""
)
"""

# Everything a contact gets when created through the API or the importer: its org, its
# primary account (the `account` foreign key) and its membership of that account's people
# (`link_primary_account`). The JWT is what the web app's sign-in returns, bound to the org.
BOTTLECRM_LOADER = """
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connection
from accounts.models import Account
from common.models import Org, Profile, User
from common.serializer import OrgAwareRefreshToken
from contacts.models import Contact

organisations, contacts = int(sys.argv[1]), int(sys.argv[2])
org = Org.objects.create(name="Bench")
user = User.objects.create(email="bench@example.org", is_active=True)
user.set_password(PASSWORD)
user.save()
profile = Profile.objects.create(
    user=user, org=org, role="ADMIN", is_active=True, is_organization_admin=True
)
accounts = Account.objects.bulk_create(
    [Account(name=f"Organisation {n:05d}", org=org) for n in range(organisations)],
    batch_size=1000,
)
Member = Account.contacts.through
for start in range(0, contacts, 2000):
    batch = Contact.objects.bulk_create([
        Contact(
            first_name=f"First{n}", last_name=f"Last{n % 997}", email=f"c{n}@example.org",
            title="Buyer", org=org, account=accounts[n % len(accounts)],
        )
        for n in range(start, min(start + 2000, contacts))
    ])
    Member.objects.bulk_create(
        [Member(account_id=c.account_id, contact_id=c.id) for c in batch]
    )
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE")
token = OrgAwareRefreshToken.for_user_and_org(user, org, profile)
ids = sorted(str(i) for i in Contact.objects.values_list("id", flat=True))
print(json.dumps({"token": str(token.access_token), "contact_id": ids[len(ids) // 2]}))
"""

DJANGOCRM_SETTINGS = """
import os
from webcrm.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["PEER_DB"],
        "HOST": "127.0.0.1",
        "PORT": "5432",
        "USER": "postgres",
        "PASSWORD": "",
    }
}
"""

# `manage.py setupdata` is the project's own first step (migrate, the reference data, the
# IamSUPER superuser); the bench only gives the superuser a known password. Companies need a
# department (a Group), as the admin's add form sets one.
DJANGOCRM_LOADER = """
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("setupdata", verbosity=0)
from django.contrib.auth.models import Group, User
from django.db import connection
from crm.models import Company, Contact

organisations, contacts = int(sys.argv[1]), int(sys.argv[2])
user = User.objects.get(username="IamSUPER")
user.set_password(PASSWORD)
user.save()
department = Group.objects.filter(name="Global sales").first() or Group.objects.first()
companies = Company.objects.bulk_create(
    [
        Company(full_name=f"Organisation {n:05d}", email=f"o{n}@example.org",
                department=department, owner=user)
        for n in range(organisations)
    ],
    batch_size=1000,
)
for start in range(0, contacts, 2000):
    Contact.objects.bulk_create([
        Contact(
            first_name=f"First{n}", last_name=f"Last{n % 997}", email=f"c{n}@example.org",
            title="Buyer", company=companies[n % len(companies)], department=department,
            owner=user,
        )
        for n in range(start, min(start + 2000, contacts))
    ])
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE")
ids = sorted(Contact.objects.values_list("id", flat=True))
print(json.dumps({"username": "IamSUPER", "contact_id": ids[len(ids) // 2]}))
"""

PEERS = {
    "bottlecrm": Peer(
        name="bottlecrm",
        title="BottleCRM (django-crm 1.35.0)",
        requirement="django-crm==1.35.0",
        dependencies=None,
        extra=(),
        settings_module="bench_settings",
        settings=BOTTLECRM_SETTINGS,
        loader=BOTTLECRM_LOADER,
        wsgi="crm.wsgi:application",
        relmap_side="api",
        probe="/healthz/",
    ),
    "djangocrm": Peer(
        name="djangocrm",
        title="DjangoCRM (django-crm-admin 3.1.0)",
        requirement="django-crm-admin==3.1.0",
        # It pins mysqlclient, which needs the MySQL client headers to build; the bench uses
        # PostgreSQL (psycopg), so it installs every other pinned dependency. Its admin imports
        # PIL (and has ImageFields), but Pillow is not among its dependencies.
        dependencies=("mysqlclient",),
        extra=("psycopg[binary]", "gunicorn", "Pillow"),
        settings_module="bench_settings",
        settings=DJANGOCRM_SETTINGS,
        loader=DJANGOCRM_LOADER,
        wsgi="webcrm.wsgi:application",
        relmap_side="html",
        probe="/en/123/789-login/",
    ),
}


def workloads(peer: str, contact_id, deep_page: int, page_size: int) -> list[tuple[str, str]]:
    """(workload, path) for the peer, in the order of Relmap's workloads."""
    if peer == "bottlecrm":
        offset = (deep_page - 1) * page_size
        return [
            ("list, first page", f"/api/contacts/?limit={page_size}"),
            (f"list, page {deep_page}", f"/api/contacts/?limit={page_size}&offset={offset}"),
            ("contact detail", f"/api/contacts/{contact_id}/"),
        ]
    base = "/en/123/crm/contact/"
    return [
        ("list, first page", base),
        (f"list, page {deep_page}", f"{base}?p={deep_page}"),
        ("contact detail", f"{base}{contact_id}/change/"),
    ]


def relmap_workloads(side: str, contact_id, deep_page: int, page_size: int):
    """Relmap's workloads, the deep page both by offset (?page=) and by following cursors."""
    if side == "api":
        base = f"/api/v1/contacts/?page_size={page_size}"
        return [
            ("list, first page", base),
            (f"list, page {deep_page}", f"{base}&page={deep_page}"),
            ("contact detail", f"/api/v1/contacts/{contact_id}/"),
        ]
    return [
        ("list, first page", "/contacts/"),
        (f"list, page {deep_page}", f"/contacts/?page={deep_page}"),
        ("contact detail", f"/contacts/{contact_id}/"),
    ]


# Run by each side's own interpreter, with the same settings as its server: the SQL queries
# one request makes, through Django's test client (the whole middleware stack, in-process).
QUERY_COUNTER = """
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

job = json.loads(sys.argv[1])
client = Client(SERVER_NAME="127.0.0.1", **job["headers"])
if job["username"]:
    User = get_user_model()
    client.force_login(User.objects.get(**{User.USERNAME_FIELD: job["username"]}))
counts = []
for path in job["paths"]:
    client.get(path)  # warm: the first request loads what later ones cache
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    counts.append(len(queries) if status == 200 else None)
print(json.dumps(counts))
"""
