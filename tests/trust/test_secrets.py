"""No secret or erased data is kept in clear anywhere: every table of the database is searched."""

import json
import re

from django.db import connection

from stakeholders import services
from stakeholders.models import Contact
from tests import factories
from trust.models import ApiToken, IdempotencyKey


def _database_holds(text: str) -> list[str]:
    """The tables (and columns) whose stored values contain `text`, however they store it."""
    needles = {text, json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]}
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, memoryview | bytes | bytearray):
                        value = bytes(value).decode("utf-8", "replace")
                    if any(needle in str(value) for needle in needles):
                        found.append(f"{table}.{column}")
    return found


def test_a_key_issued_through_the_api_is_nowhere_in_the_database(client_for, owner):
    client = client_for(owner)
    response = client.post(
        "/api/v1/tokens/", {"name": "phone"}, format="json", HTTP_IDEMPOTENCY_KEY="issue-1"
    )
    assert response.status_code == 201
    key = response.json()["key"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", key)
    assert _database_holds(key) == []
    # The database is searched as stored: the key's own hash is there, so the search works.
    assert _database_holds(ApiToken.objects.get(name="phone").key_hash) != []


def test_a_retry_of_a_key_issue_is_refused_clearly_and_issues_nothing_more(client_for, owner):
    client = client_for(owner)
    first = client.post(
        "/api/v1/tokens/", {"name": "phone"}, format="json", HTTP_IDEMPOTENCY_KEY="issue-2"
    )
    again = client.post(
        "/api/v1/tokens/", {"name": "phone"}, format="json", HTTP_IDEMPOTENCY_KEY="issue-2"
    )
    assert first.status_code == 201
    assert again.status_code == 409
    assert again.json()["code"] == "idempotency_response_withheld"
    assert first.json()["key"] not in again.content.decode()
    assert ApiToken.objects.filter(name="phone").count() == 1


def test_a_key_issued_on_the_tokens_page_is_nowhere_in_the_database(client, owner):
    client.force_login(owner)
    page = client.post("/account/tokens/new/", {"name": "laptop"}).content.decode()
    key = re.search(r'id="new-key"[^>]*value="([A-Za-z0-9_-]{40,})"', page).group(1)
    assert _database_holds(key) == []


def test_erasing_a_contact_withholds_stored_responses_that_quote_them(client_for, owner):
    organisation = factories.OrganisationFactory()
    client = client_for(owner)
    body = {
        "first_name": "Zebulon",
        "last_name": "Quarrington",
        "email": "zebulon.quarrington@example.org",
        "phone": "+44 20 7946 0958",
        "organisation": organisation.pk,
    }
    created = client.post("/api/v1/contacts/", body, format="json", HTTP_IDEMPOTENCY_KEY="c-1")
    assert created.status_code == 201
    assert _database_holds("zebulon.quarrington@example.org") != []

    services.contact_erase(contact=Contact.objects.get(pk=created.json()["id"]))

    for value in ("zebulon.quarrington@example.org", "Quarrington", "+44 20 7946 0958"):
        assert _database_holds(value) == [], value
    replay = client.post("/api/v1/contacts/", body, format="json", HTTP_IDEMPOTENCY_KEY="c-1")
    assert replay.status_code == 409
    assert replay.json()["code"] == "idempotency_response_withheld"
    assert IdempotencyKey.objects.get(key="c-1").state == IdempotencyKey.State.WITHHELD
