"""Audit history on organisation and contact pages and in the API, behind the same fences."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from stakeholders import services
from tests import factories
from tests.pages import pager_link
from trust import audit_context, tokens
from trust.models import AuditEvent

CAST = ["owner", "teammate", "outsider", "executive", "admin_user"]
SEES_FENCED = {"owner", "teammate", "executive", "admin_user"}


@pytest.fixture
def client_for(db):
    """An API client signed with a real token of `user` (anonymous without one)."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            _, key = tokens.api_token_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


def _events(instance, n, actor=None):
    """`n` recorded updates of `instance`, as the audit trail writes them."""
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                at=now - timezone.timedelta(minutes=i),
                actor=actor,
                actor_name=actor.username if actor else "",
                source=f"request:r{i}",
                action="update",
                model=instance._meta.label_lower,
                object_id=str(instance.pk),
                changes={"notes": [f"old {i}", f"new {i}"]},
            )
            for i in range(n)
        ]
    )


# --- pages ----------------------------------------------------------------------------------


def test_contact_page_shows_who_changed_what_from_where(client, owner):
    contact = factories.ContactFactory(email="ana@old.example")
    with audit_context.bind(source="request:abc123", user=owner):
        services.contact_update(contact=contact, email="ana@new.example")
    client.force_login(owner)
    html = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert 'id="history-h">History<' in html
    history = html[html.index('id="history-h"') :]
    assert "ana@old.example → ana@new.example" in history
    assert "request:abc123" in history
    assert "owner" in history
    assert "Changed" in history
    # Latest first: the update comes before the creation.
    assert history.index("Changed") < history.index("Created")


def test_history_speaks_in_words_not_internals(client, owner):
    old_home, new_home = factories.OrganisationFactory.create_batch(2)
    with audit_context.bind(source="command:seed_demo", user=None):
        contact = services.contact_create(
            first_name="Ana", organisation=old_home, seniority="executive"
        )
    with audit_context.bind(source="request:r1", user=owner):
        services.contact_update(contact=contact, organisation=new_home)
    with audit_context.bind(source="command:createuser", user=None):
        organisation = services.organisation_create(name="Top", parent=None)
    client.force_login(owner)
    html = client.get(f"/contacts/{contact.pk}/").content.decode()
    history = html[html.index('id="history-h"') :]
    assert f"Organisation: {old_home.name} → {new_home.name}" in history
    assert "Seniority: — → Executive" in history
    assert "Demo data" in history and "Page or API" in history
    html = client.get(f"/organisations/{organisation.pk}/").content.decode()
    history = html[html.index('id="history-h"') :]
    assert "Command “createuser”" in history
    assert "Root" not in history and "root:" not in history


def test_organisation_page_shows_its_own_history(client, owner):
    organisation = factories.OrganisationFactory(name="Acme")
    with audit_context.bind(source="command:import", user=None):
        services.organisation_update(organisation=organisation, name="Acme Steel")
    client.force_login(owner)
    html = client.get(f"/organisations/{organisation.pk}/").content.decode()
    history = html[html.index('id="history-h"') :]
    assert "Acme → Acme Steel" in history
    assert "command:import" in history


@pytest.mark.parametrize("who", CAST)
def test_fenced_organisation_history_only_for_those_behind_the_fence(
    request, client, who, fenced_org
):
    _events(fenced_org, 1)
    client.force_login(request.getfixturevalue(who))
    response = client.get(f"/organisations/{fenced_org.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert ('id="history-h"' in html) is (who in SEES_FENCED)
    assert ("old 0 → new 0" in html) is (who in SEES_FENCED)


@pytest.mark.parametrize("who", CAST)
def test_fenced_contact_page_with_history_is_404_outside_the_fence(
    request, client, who, fenced_contact
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(f"/contacts/{fenced_contact.pk}/")
    assert response.status_code == (200 if who in SEES_FENCED else 404)


def test_history_pages_by_twenty_with_a_link_to_older_events(client, owner):
    contact = factories.ContactFactory()
    AuditEvent.objects.filter(object_id=str(contact.pk)).delete()
    _events(contact, 25)
    client.force_login(owner)
    first = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert first.count("old ") == 20
    assert "old 0 → new 0" in first and "old 20 → " not in first
    older = pager_link(first, "next")
    assert older.startswith("?history_cursor=")
    second = client.get(f"/contacts/{contact.pk}/{older}").content.decode()
    assert second.count("old ") == 5
    assert "old 24 → new 24" in second
    by_number = client.get(f"/contacts/{contact.pk}/?history=2").content.decode()
    assert "old 24 → new 24" in by_number


def test_an_erasure_shows_the_fields_not_the_values(client, admin_user):
    contact = factories.ContactFactory(first_name="Erin", email="erin@example.org")
    services.contact_erase(contact=contact)
    event = AuditEvent.objects.filter(object_id=str(contact.pk), action="erase").get()
    assert "email" in event.changes["fields"]
    # The tombstone is gone from the pages; its history is in the API for administrators.
    client.force_login(admin_user)
    assert client.get(f"/contacts/{contact.pk}/").status_code == 404


@pytest.mark.parametrize("kind", ["contact", "organisation"])
def test_page_query_count_does_not_grow_with_history(client, owner, kind):
    organisation = factories.OrganisationFactory()
    contact = factories.ContactFactory(organisation=organisation)
    subject = contact if kind == "contact" else organisation
    url = f"/{kind}s/{subject.pk}/"
    client.force_login(owner)
    AuditEvent.objects.all().delete()
    counts = []
    created = 0
    for size in (1, 10, 100):
        _events(subject, size - created, actor=owner)
        created = size
        # The rest of the page has its own query-count tests; here it only must not change.
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
        # The history is read by one query (events with their actors), whatever their number.
        assert sum(AuditEvent._meta.db_table in q["sql"] for q in captured.captured_queries) == 1
    assert counts[0] == counts[1] == counts[2]


# --- API ------------------------------------------------------------------------------------


def test_api_contact_history_lists_events_latest_first(client_for, owner):
    contact = factories.ContactFactory(email="a@old.example")
    with audit_context.bind(source="request:r1", user=owner):
        services.contact_update(contact=contact, email="a@new.example")
    body = client_for(owner).get(f"/api/v1/contacts/{contact.pk}/history/").json()
    assert body["count"] == 2
    latest = body["results"][0]
    assert latest["action"] == "update"
    assert latest["actor"] == owner.pk and latest["actor_name"] == "owner"
    assert latest["source"] == "request:r1"
    assert latest["model"] == "stakeholders.contact"
    assert latest["object_id"] == str(contact.pk)
    assert latest["changes"] == {"email": ["a@old.example", "a@new.example"]}
    assert body["results"][1]["action"] == "create"


def test_api_organisation_history(client_for, owner):
    organisation = factories.OrganisationFactory(name="Acme")
    services.organisation_update(organisation=organisation, name="Acme Steel")
    body = client_for(owner).get(f"/api/v1/organisations/{organisation.pk}/history/").json()
    assert body["results"][0]["changes"]["name"] == ["Acme", "Acme Steel"]


@pytest.mark.parametrize("who", CAST)
def test_api_history_behind_a_fence_is_404_for_outsiders(
    request, client_for, who, fenced_org, fenced_contact
):
    client = client_for(request.getfixturevalue(who))
    expected = 200 if who in SEES_FENCED else 404
    assert client.get(f"/api/v1/contacts/{fenced_contact.pk}/history/").status_code == expected
    assert client.get(f"/api/v1/organisations/{fenced_org.pk}/history/").status_code == expected


def test_api_history_of_missing_objects_and_anonymous(client_for, owner):
    client = client_for(owner)
    assert client.get("/api/v1/contacts/999999/history/").status_code == 404
    assert client.get("/api/v1/organisations/999999/history/").status_code == 404
    assert client.get("/api/v1/contacts/9999999999999999999999/history/").status_code == 404
    contact = factories.ContactFactory()
    assert client_for().get(f"/api/v1/contacts/{contact.pk}/history/").status_code == 401


def test_api_history_of_a_deleted_contact_is_404(client_for, owner):
    contact = factories.ContactFactory()
    services.contact_delete(contact=contact)
    assert client_for(owner).get(f"/api/v1/contacts/{contact.pk}/history/").status_code == 404


@pytest.mark.parametrize("who", ["owner", "teammate", "outsider", "executive"])
def test_api_audit_trail_is_for_administrators_only(request, client_for, who):
    response = client_for(request.getfixturevalue(who)).get("/api/v1/audit-events/")
    assert response.status_code == 403


def test_api_audit_trail_filters(client_for, admin_user, owner):
    contact = factories.ContactFactory()
    organisation = factories.OrganisationFactory()
    with audit_context.bind(source="request:x", user=owner):
        services.contact_update(contact=contact, phone="123")
    client = client_for(admin_user)
    everything = client.get("/api/v1/audit-events/").json()
    assert everything["count"] >= 3
    by_model = client.get("/api/v1/audit-events/?model=stakeholders.organisation").json()
    assert {r["object_id"] for r in by_model["results"]} >= {str(organisation.pk)}
    assert all(r["model"] == "stakeholders.organisation" for r in by_model["results"])
    by_object = client.get(
        f"/api/v1/audit-events/?model=stakeholders.contact&object_id={contact.pk}"
    ).json()
    assert [r["action"] for r in by_object["results"]] == ["update", "create"]
    by_actor = client.get(f"/api/v1/audit-events/?actor={owner.pk}").json()
    assert [r["changes"] for r in by_actor["results"]] == [{"phone": ["", "123"]}]
    later = (timezone.now() + timezone.timedelta(hours=1)).isoformat()
    assert client.get("/api/v1/audit-events/", {"since": later}).json()["count"] == 0
    one = by_actor["results"][0]["id"]
    assert client.get(f"/api/v1/audit-events/{one}/").json()["source"] == "request:x"


@pytest.mark.parametrize("query", ["actor=abc", "actor=0", "since=yesterday", "model=" + "x" * 101])
def test_api_audit_trail_bad_filters_are_400(client_for, admin_user, query):
    assert client_for(admin_user).get(f"/api/v1/audit-events/?{query}").status_code == 400


@pytest.mark.parametrize("endpoint", ["contact", "organisation", "audit"])
def test_api_history_query_count_is_constant(
    client_for, admin_user, endpoint, django_assert_num_queries
):
    organisation = factories.OrganisationFactory()
    contact = factories.ContactFactory(organisation=organisation)
    subject = organisation if endpoint == "organisation" else contact
    url = {
        "contact": f"/api/v1/contacts/{contact.pk}/history/",
        "organisation": f"/api/v1/organisations/{organisation.pk}/history/",
        "audit": "/api/v1/audit-events/",
    }[endpoint]
    client = client_for(admin_user)
    # A first call records the token's last use, so the counted calls only read.
    client.get(url)
    AuditEvent.objects.all().delete()
    # token lookup (with user and profile), the object (not for the whole trail), COUNT, page
    queries = 3 if endpoint == "audit" else 4
    created = 0
    for size in (1, 10, 100):
        _events(subject, size - created, actor=admin_user)
        created = size
        with django_assert_num_queries(queries):
            response = client.get(url + "?page_size=1000")
        assert response.json()["count"] == size


def test_api_audit_event_ids_too_long_for_a_key_are_404(client_for, admin_user):
    assert (
        client_for(admin_user).get("/api/v1/audit-events/99999999999999999999/").status_code == 404
    )
