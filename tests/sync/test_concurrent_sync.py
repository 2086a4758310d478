"""A replica kept by polling the changes feed while 8 writers write ends equal to the database.

One writer holds its transaction open for seconds: its change gets an early stamp but commits
late, which is exactly what a timestamp or a plain sequence would skip.
"""

import random
import threading
import time

import pytest
from django.db import connections, transaction
from rest_framework.test import APIClient

from stakeholders import services, sync
from stakeholders.models import Contact
from tests import factories
from tests.sync.conftest import CHANGES_URL

WRITERS = 8
OPERATIONS = 25
COMPARED = ("external_id", "first_name", "job_title", "version")


def _writer(number: int, seed: int, admin, errors: list) -> None:
    rng = random.Random(seed)
    try:
        for step in range(OPERATIONS):
            mine = list(Contact.objects.live().filter(external_id__startswith=f"w{number}:"))
            choice = rng.random()
            if not mine or choice < 0.4:
                services.contact_create(first_name=f"W{number}", external_id=f"w{number}:{step}")
            elif choice < 0.75:
                services.contact_update(contact=rng.choice(mine), job_title=f"step {step}")
            elif choice < 0.9:
                services.contact_delete(contact=rng.choice(mine))
            else:
                sync.contact_upsert_many(
                    user=admin,
                    items=[
                        {"external_id": f"w{number}:b{step}:{i}", "first_name": "Bulk"}
                        for i in range(5)
                    ],
                )
            time.sleep(rng.random() * 0.02)
    except Exception as exc:  # reported to the test thread
        errors.append(exc)
    finally:
        connections.close_all()


def _slow_writer(errors: list) -> None:
    """Stamps early, commits seconds later."""
    try:
        with transaction.atomic():
            contact = services.contact_create(first_name="Slow", external_id="slow:1")
            services.contact_update(contact=contact, job_title="committed late")
            time.sleep(2.5)
        with transaction.atomic():
            contact = services.contact_create(first_name="Slower", external_id="slow:2")
            time.sleep(1.5)
            services.contact_delete(contact=contact)
    except Exception as exc:
        errors.append(exc)
    finally:
        connections.close_all()


def _apply(replica: dict, rows: list) -> None:
    for row in rows:
        if row["deleted"]:
            replica.pop(row["id"], None)
        else:
            replica[row["id"]] = {name: row[name] for name in COMPARED}


def _database() -> dict:
    return {
        c["id"]: {name: c[name] for name in COMPARED}
        for c in Contact.objects.live().values("id", *COMPARED)
    }


def _poll(client, cursor, replica) -> str:
    while True:
        params = {"limit": 7}
        if cursor is not None:
            params["since"] = cursor
        response = client.get(CHANGES_URL, params)
        assert response.status_code == 200, response.content
        body = response.json()
        _apply(replica, body["results"])
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return cursor


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_replica_polling_the_feed_during_concurrent_writes_ends_equal(seed):
    admin = factories.UserFactory(username="sync-admin", role="admin")
    for i in range(10):
        services.contact_create(first_name="Before", external_id=f"pre:{i}")
    client = APIClient()
    client.force_authenticate(admin)
    errors: list = []
    threads = [threading.Thread(target=_slow_writer, args=(errors,))]
    threads += [
        threading.Thread(target=_writer, args=(n, seed * 100 + n, admin, errors))
        for n in range(WRITERS - 1)
    ]
    replica: dict = {}
    cursor = None
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        cursor = _poll(client, cursor, replica)
        time.sleep(0.01)
    for thread in threads:
        thread.join()
    assert errors == []

    # Caught up once every writer's transaction is below the horizon (other sessions on the
    # cluster may hold it back a little); a skipped change would never arrive.
    expected = _database()
    deadline = time.monotonic() + 120
    while replica != expected and time.monotonic() < deadline:
        cursor = _poll(client, cursor, replica)
        time.sleep(0.05)
    assert replica == expected
    assert "slow:1" in {row["external_id"] for row in replica.values()}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_bulk_upserts_of_the_same_new_contacts_create_each_once():
    admin = factories.UserFactory(username="sync-admin", role="admin")
    items = [{"external_id": f"same:{i}", "first_name": f"S{i}"} for i in range(50)]
    barrier = threading.Barrier(4)
    outcomes, errors = [], []

    def upsert():
        try:
            barrier.wait(timeout=10)
            outcomes.append(sync.contact_upsert_many(user=admin, items=items))
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upsert) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Contact.objects.live().filter(external_id__startswith="same:").count() == 50
    statuses = [r.status for outcome in outcomes for r in outcome.results]
    assert statuses.count("created") == 50
    assert set(statuses) == {"created", "unchanged"}
