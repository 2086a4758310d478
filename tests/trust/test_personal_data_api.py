"""Personal-data export and erasure through the API: administrators only, both audited."""

import pytest
from rest_framework.test import APIClient

from stakeholders import services
from stakeholders.models import Contact
from tests import factories
from tests.sync.conftest import read_feed, wait_until_settled
from trust import tokens
from trust.models import AuditEvent

NOT_ADMINS = ["owner", "teammate", "outsider", "executive"]


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


def _events(contact, action):
    return AuditEvent.objects.filter(
        model="stakeholders.contact", object_id=str(contact.pk), action=action
    )


def test_admin_exports_everything_about_a_contact_and_it_is_audited(
    client_for, admin_user, owner, fenced_contact
):
    factories.RelationshipFactory(staff=owner, contact=fenced_contact)
    response = client_for(admin_user).get(f"/api/v1/contacts/{fenced_contact.pk}/export/")
    assert response.status_code == 200
    data = response.json()
    assert data["contact"]["email"] == fenced_contact.email
    assert data["contact"]["first_name"] == "Fiona"
    assert data["organisation"] == "Fenced Corp"
    assert len(data["relationships"]) == 1
    assert {"interactions", "commitments", "issues", "assessments", "history"} <= set(data)
    event = _events(fenced_contact, "export").get()
    assert event.actor == admin_user
    assert event.source.startswith("request:")


def test_admin_exports_a_deleted_contact_too(client_for, admin_user):
    contact = services.contact_delete(contact=factories.ContactFactory(first_name="Del"))
    response = client_for(admin_user).get(f"/api/v1/contacts/{contact.pk}/export/")
    assert response.status_code == 200
    assert response.json()["contact"]["first_name"] == "Del"


@pytest.mark.parametrize("who", NOT_ADMINS)
def test_only_administrators_export_or_erase(request, client_for, who, fenced_org):
    # A contact everyone may see, so the refusal is about the role, not the fence.
    contact = factories.ContactFactory(first_name="Open")
    client = client_for(request.getfixturevalue(who))
    assert client.get(f"/api/v1/contacts/{contact.pk}/export/").status_code == 403
    assert client.post(f"/api/v1/contacts/{contact.pk}/erase/").status_code == 403
    contact.refresh_from_db()
    assert contact.first_name == "Open" and contact.deleted_at is None
    assert not _events(contact, "export").exists()


def test_anonymous_is_401_and_missing_contacts_404(client_for, admin_user):
    contact = factories.ContactFactory()
    assert client_for().get(f"/api/v1/contacts/{contact.pk}/export/").status_code == 401
    assert client_for().post(f"/api/v1/contacts/{contact.pk}/erase/").status_code == 401
    admin = client_for(admin_user)
    assert admin.get("/api/v1/contacts/999999/export/").status_code == 404
    assert admin.post("/api/v1/contacts/999999/erase/").status_code == 404
    assert admin.post("/api/v1/contacts/99999999999999999999999/erase/").status_code == 404
    assert admin.get(f"/api/v1/contacts/{contact.pk}/erase/").status_code == 405
    assert admin.post(f"/api/v1/contacts/{contact.pk}/export/").status_code == 405


def test_erase_returns_the_tombstone_and_blanks_the_history(client_for, admin_user, owner):
    contact = factories.ContactFactory(
        first_name="Erin", email="erin@example.org", phone="+44 20 7946 0555"
    )
    services.contact_update(contact=contact, phone="+44 20 7946 0556")
    response = client_for(admin_user).post(f"/api/v1/contacts/{contact.pk}/erase/")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == contact.pk and body["deleted"] is True
    assert set(body) == {"id", "external_id", "deleted", "version", "updated_at"}
    stored = Contact.objects.get(pk=contact.pk)
    assert (stored.email, stored.phone) == ("", "")
    assert stored.deleted_at is not None
    erase = _events(contact, "erase").get()
    assert erase.actor == admin_user
    assert "email" in erase.changes["fields"]
    trail = AuditEvent.objects.filter(model="stakeholders.contact", object_id=str(contact.pk))
    assert "erin@example.org" not in str(list(trail.values_list("changes", flat=True)))
    assert "7946" not in str(list(trail.values_list("changes", flat=True)))


@pytest.mark.django_db(transaction=True)
def test_erasure_reaches_sync_clients_as_a_tombstone(admin_user):
    contact = factories.ContactFactory(external_id="crm-7", first_name="Sam")
    reader = APIClient()
    reader.force_authenticate(admin_user)
    wait_until_settled()
    rows, cursor = read_feed(reader)
    assert [r["deleted"] for r in rows if r["id"] == contact.pk] == [False]

    _, key = tokens.api_token_create(user=admin_user)
    eraser = APIClient()
    eraser.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert eraser.post(f"/api/v1/contacts/{contact.pk}/erase/").status_code == 200

    wait_until_settled()
    rows, _ = read_feed(reader, since=cursor)
    tombstone = [r for r in rows if r["id"] == contact.pk]
    assert len(tombstone) == 1
    assert tombstone[0]["deleted"] is True
    assert tombstone[0]["external_id"] == "crm-7"
    assert "first_name" not in tombstone[0]
