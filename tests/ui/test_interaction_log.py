import datetime as dt

import pytest
from django.utils import timezone

from interventions.models import Commitment, Interaction
from stakeholders.models import Relationship
from tests import factories


@pytest.fixture
def account(owner):
    return factories.AccountFactory(organisation__name="Acme Steel", manager=owner)


@pytest.fixture
def carla(account):
    return factories.ContactFactory(
        organisation=account.organisation, first_name="Carla", last_name="Ruiz", job_title="CFO"
    )


def _url(org, **extra):
    query = "".join(f"&{k}={v}" for k, v in extra.items())
    return f"/interactions/new/?organisation={org.pk}{query}"


def _post(client, org, **data):
    payload = {
        "kind": "call",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "summary": "Talked about the renewal",
        "sentiment": "1",
        "notes": "",
    }
    payload.update(data)
    return client.post(_url(org), payload)


def test_form_has_the_labelled_fields_and_defaults(client, owner, account, carla):
    client.force_login(owner)
    response = client.get(_url(account.organisation, contact=carla.pk))
    body = response.content.decode()
    assert response.status_code == 200
    for label in ("Kind", "Date", "Contacts", "Summary", "Sentiment", "Notes"):
        assert f">{label}</label>" in body, label
    assert ">Log interaction</button>" in body
    assert f'value="{carla.pk}" checked' in body  # the contact page's contact is prefilled
    assert timezone.localtime().strftime("%Y-%m-%dT") in body  # date defaults to now
    assert "csrfmiddlewaretoken" in body


def test_logging_stores_it_updates_the_relationship_and_returns_to_the_organisation(
    client, owner, account, carla
):
    client.force_login(owner)
    response = _post(
        client,
        account.organisation,
        contacts=[carla.pk],
        commitment_1="Send the revised price list",
        due_on_1=(timezone.localdate() + dt.timedelta(days=7)).isoformat(),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{account.organisation_id}/"
    interaction = Interaction.objects.get()
    assert list(interaction.contacts.all()) == [carla]
    assert list(interaction.staff.all()) == [owner]
    relationship = Relationship.objects.get(staff=owner, contact=carla)
    assert relationship.last_interaction_at is not None and relationship.strength > 0
    assert Commitment.objects.get().interaction == interaction
    page = client.get(response["Location"]).content.decode()
    assert 'role="status"' in page and "Interaction logged" in page
    assert "Talked about the renewal" in page
    assert "Send the revised price list" in page


def test_extra_staff_are_recorded_with_the_logger(client, owner, teammate, account, carla):
    client.force_login(owner)
    _post(client, account.organisation, contacts=[carla.pk], staff=[teammate.pk])
    assert set(Interaction.objects.get().staff.all()) == {owner, teammate}


def test_errors_show_next_to_fields_and_store_nothing(client, owner, account, carla):
    client.force_login(owner)
    response = _post(
        client,
        account.organisation,
        summary="",
        commitment_1="Call back",
        occurred_at=(timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in body and "Nothing was saved" in body
    assert "This field is required." in body
    assert "Give the date this commitment is due." in body
    assert Interaction.objects.count() == 0 and Commitment.objects.count() == 0


def test_future_date_is_refused_by_the_service_next_to_the_date(client, owner, account):
    client.force_login(owner)
    response = _post(
        client,
        account.organisation,
        occurred_at=(timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
    )
    assert response.status_code == 400
    assert "cannot be logged in the future" in response.content.decode()
    assert Interaction.objects.count() == 0


def test_contacts_of_another_organisation_are_refused(client, owner, account):
    stranger = factories.ContactFactory()
    client.force_login(owner)
    response = _post(client, account.organisation, contacts=[stranger.pk])
    assert response.status_code == 400
    assert Interaction.objects.count() == 0


def test_without_organisation_says_what_to_do(client, owner):
    client.force_login(owner)
    response = client.get("/interactions/new/")
    assert response.status_code == 400
    assert "Choose an organisation first" in response.content.decode()


def test_contact_search_returns_matching_contacts_of_the_hierarchy(client, owner, account, carla):
    division = factories.OrganisationFactory(parent=account.organisation)
    factories.ContactFactory(organisation=division, first_name="Carlos", last_name="Mendes")
    factories.ContactFactory(organisation=account.organisation, first_name="Bob", last_name="Ng")
    factories.ContactFactory(first_name="Carl", last_name="Elsewhere")
    client.force_login(owner)
    response = client.get(
        f"/interactions/contacts/?organisation={account.organisation_id}&q=carl",
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "Carla Ruiz" in body and "Carlos Mendes" in body
    assert "Bob Ng" not in body and "Elsewhere" not in body
    assert "<html" not in body


def test_contact_search_keeps_ticked_contacts(client, owner, account, carla):
    factories.ContactFactory(organisation=account.organisation, first_name="Bob", last_name="Ng")
    client.force_login(owner)
    body = client.get(
        f"/interactions/contacts/?organisation={account.organisation_id}&q=bob&contacts={carla.pk}"
    ).content.decode()
    assert "Bob Ng" in body
    assert f'value="{carla.pk}" checked' in body


@pytest.mark.parametrize("rows", [1, 10, 100])
def test_form_query_count_is_constant(client, owner, account, django_assert_num_queries, rows):
    factories.ContactFactory.create_batch(rows, organisation=account.organisation)
    client.force_login(owner)
    # session, user, staff profile (role); organisation; can_write_at (fenced account);
    # contacts offered; colleagues offered
    with django_assert_num_queries(7):
        assert client.get(_url(account.organisation)).status_code == 200
