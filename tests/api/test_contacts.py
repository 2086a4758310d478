import threading

import pytest
from django.db import connection

from stakeholders.models import Contact
from tests import factories

URL = "/api/v1/contacts/"


def detail(contact):
    return f"{URL}{contact.pk}/"


def test_create_contact(client_for, owner):
    org = factories.OrganisationFactory()
    response = client_for(owner).post(
        URL,
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@example.org",
            "organisation": org.pk,
            "seniority": "executive",
            "influence": 4,
            "external_id": "erp:1",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {
        "id",
        "external_id",
        "first_name",
        "last_name",
        "email",
        "phone",
        "job_title",
        "organisation",
        "seniority",
        "influence",
        "notes",
        "consent_marketing",
        "version",
        "created_at",
        "updated_at",
    }
    assert body["version"] == 1
    assert response["ETag"] == '"1"'
    contact = Contact.objects.get(pk=body["id"])
    assert contact.external_id == "erp:1" and contact.organisation == org


def test_create_contact_bad_input_is_400_per_field(client_for, owner):
    response = client_for(owner).post(
        URL,
        {"first_name": "", "email": "not-an-email", "influence": 9, "seniority": "boss"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"first_name", "email", "influence", "seniority"}


def test_external_id_is_unique_among_live_contacts(client_for, owner):
    factories.ContactFactory(external_id="erp:7")
    response = client_for(owner).post(
        URL, {"first_name": "B", "external_id": "erp:7"}, format="json"
    )
    assert response.status_code == 400
    assert "external_id" in response.json()


def test_external_id_of_a_deleted_contact_may_be_reused(client_for, owner):
    client = client_for(owner)
    old = factories.ContactFactory(external_id="erp:8")
    assert client.delete(detail(old)).status_code == 204
    response = client.post(URL, {"first_name": "B", "external_id": "erp:8"}, format="json")
    assert response.status_code == 201


def test_list_and_filters(client_for, owner):
    org = factories.OrganisationFactory()
    ada = factories.ContactFactory(first_name="Ada", last_name="Lovelace", organisation=org)
    factories.ContactFactory(first_name="Bob", last_name="Builder")
    client = client_for(owner)
    body = client.get(URL).json()
    assert body["count"] == 2 and body["next"] is None and body["previous"] is None
    assert [c["id"] for c in client.get(f"{URL}?organisation={org.pk}").json()["results"]] == [
        ada.pk
    ]
    assert [c["id"] for c in client.get(f"{URL}?search=lovel").json()["results"]] == [ada.pk]
    assert client.get(f"{URL}?updated_after=2999-01-01T00:00:00Z").json()["count"] == 0


def test_page_size_is_clamped_to_1000(client_for, owner):
    factories.ContactFactory.create_batch(3)
    body = client_for(owner).get(f"{URL}?page_size=5000").json()
    assert body["count"] == 3 and len(body["results"]) == 3
    paged = client_for(owner).get(f"{URL}?page_size=2").json()
    assert len(paged["results"]) == 2 and "cursor=" in paged["next"]
    rest = client_for(owner).get(paged["next"]).json()
    assert len(rest["results"]) == 1 and rest["next"] is None and "page_size=2" in rest["previous"]


def test_update_contact_bumps_version(client_for, owner):
    contact = factories.ContactFactory()
    response = client_for(owner).patch(detail(contact), {"job_title": "CFO"}, format="json")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'


def test_put_replaces_the_contact(client_for, owner):
    contact = factories.ContactFactory()
    response = client_for(owner).put(
        detail(contact), {"first_name": "New", "organisation": None}, format="json"
    )
    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.first_name == "New" and contact.organisation is None


def test_delete_leaves_a_tombstone_that_the_api_never_shows(client_for, owner):
    contact = factories.ContactFactory()
    client = client_for(owner)
    assert client.delete(detail(contact)).status_code == 204
    contact.refresh_from_db()
    assert contact.deleted_at is not None and contact.version == 2
    assert client.get(detail(contact)).status_code == 404
    assert client.patch(detail(contact), {"first_name": "X"}, format="json").status_code == 404
    assert client.delete(detail(contact)).status_code == 404
    assert client.get(URL).json()["count"] == 0


# --- the picket fence ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "teammate", "executive", "admin_user"])
def test_insiders_see_the_fenced_contact(request, client_for, fenced_contact, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(detail(fenced_contact)).status_code == 200
    assert client.get(URL).json()["count"] == 1


def test_outsider_gets_404_for_a_fenced_contact_on_every_method(
    client_for, outsider, fenced_contact
):
    client = client_for(outsider)
    assert client.get(URL).json()["count"] == 0
    assert client.get(detail(fenced_contact)).status_code == 404
    assert client.patch(detail(fenced_contact), {"notes": "x"}, format="json").status_code == 404
    assert client.put(detail(fenced_contact), {"first_name": "x"}, format="json").status_code == 404
    assert client.delete(detail(fenced_contact)).status_code == 404
    fenced_contact.refresh_from_db()
    assert fenced_contact.deleted_at is None and fenced_contact.notes == ""


def test_outsider_cannot_add_a_contact_behind_the_fence(client_for, outsider, fenced_org):
    response = client_for(outsider).post(
        URL, {"first_name": "Sneaky", "organisation": fenced_org.pk}, format="json"
    )
    assert response.status_code == 403
    assert "picket fence" in response.json()["detail"]
    assert not Contact.objects.filter(first_name="Sneaky").exists()


def test_executive_sees_but_may_not_write_behind_the_fence(client_for, executive, fenced_contact):
    response = client_for(executive).patch(detail(fenced_contact), {"notes": "x"}, format="json")
    assert response.status_code == 403


def test_unknown_organisation_id_is_a_400_does_not_exist(client_for, owner):
    response = client_for(owner).post(
        URL, {"first_name": "A", "organisation": 999999}, format="json"
    )
    assert response.status_code == 400
    assert "does not exist" in response.json()["organisation"][0]


# --- conditional requests ----------------------------------------------------------------------


def test_get_sends_etag_and_honours_if_none_match(client_for, owner):
    contact = factories.ContactFactory()
    client = client_for(owner)
    response = client.get(detail(contact))
    assert response["ETag"] == '"1"'
    not_modified = client.get(detail(contact), HTTP_IF_NONE_MATCH='"1"')
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert client.get(detail(contact), HTTP_IF_NONE_MATCH='"0"').status_code == 200


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_if_match_mismatch_is_412_and_changes_nothing(client_for, owner, method):
    contact = factories.ContactFactory(first_name="Same")
    client = client_for(owner)
    response = getattr(client, method)(
        detail(contact), {"first_name": "Changed"}, format="json", HTTP_IF_MATCH='"7"'
    )
    assert response.status_code == 412
    assert response.json() == {
        "detail": "The resource has changed: its ETag no longer matches If-Match.",
        "code": "precondition_failed",
    }
    contact.refresh_from_db()
    assert contact.first_name == "Same" and contact.version == 1 and contact.deleted_at is None


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_if_match_that_matches_is_applied(client_for, owner, method):
    contact = factories.ContactFactory()
    response = getattr(client_for(owner), method)(
        detail(contact), {"first_name": "Changed"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code in (200, 204)
    contact.refresh_from_db()
    assert contact.version == 2


def test_writes_without_if_match_are_accepted(client_for, owner):
    contact = factories.ContactFactory()
    assert (
        client_for(owner).patch(detail(contact), {"notes": "n"}, format="json").status_code == 200
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_updates_with_the_same_if_match_exactly_one_succeeds(client_for, owner):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    contact = factories.ContactFactory()
    clients = [client_for(owner) for _ in range(6)]
    barrier = threading.Barrier(len(clients))
    statuses = []

    def update(client, n):
        barrier.wait()
        try:
            response = client.patch(
                detail(contact), {"notes": f"writer {n}"}, format="json", HTTP_IF_MATCH='"1"'
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=update, args=(c, n)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [412] * (len(clients) - 1)
    contact.refresh_from_db()
    assert contact.version == 2
