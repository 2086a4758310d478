"""Helpers for the contact sync tests."""

import time

import pytest
from django.db import connection
from rest_framework.test import APIClient

from stakeholders.models import Contact

CHANGES_URL = "/api/v1/contacts/changes/"
BULK_URL = "/api/v1/contacts/bulk/"


@pytest.fixture(autouse=True)
def _skip_postgres_only_tests_on_sqlite(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def api_client():
    """`api_client(user)`: a DRF client authenticated as `user`."""

    def _client(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _client


def wait_until_settled(timeout: float = 30.0) -> None:
    """Wait until every contact change so far is below the feed's horizon.

    On PostgreSQL the feed holds back changes while any older transaction in the cluster is
    still open (another test process, say); on SQLite every committed change is settled.
    """
    if connection.vendor != "postgresql":
        return
    newest = Contact.objects.exclude(sync_txid=None).order_by("-sync_txid").first()
    if newest is None:
        return
    deadline = time.monotonic() + timeout
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
            horizon = cursor.fetchone()[0]
        if horizon > newest.sync_txid:
            return
        if time.monotonic() > deadline:
            raise AssertionError("the changes feed did not settle in time")
        time.sleep(0.05)


def read_feed(client, since=None, limit=1000):
    """Follow the feed from `since` to its end; returns (rows in order, last next_cursor)."""
    rows = []
    while True:
        params = {"limit": limit}
        if since is not None:
            params["since"] = since
        response = client.get(CHANGES_URL, params)
        assert response.status_code == 200, response.content
        body = response.json()
        rows.extend(body["results"])
        since = body["next_cursor"]
        if not body["has_more"]:
            return rows, since
