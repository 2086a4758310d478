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
    interaction = Interaction.objects.get()
    assert response["Location"] == (
        f"/organisations/{account.organisation_id}/?logged={interaction.pk}"
        f"#interaction-{interaction.pk}"
    )
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


def test_kind_starts_on_choose_and_must_be_chosen(client, owner, account):
    client.force_login(owner)
    form = client.get(_url(account.organisation)).content.decode()
    assert '<option value="" selected>Choose…</option>' in form
    response = _post(client, account.organisation, kind="")
    body = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in body and "Choose the kind of interaction" in body
    assert Interaction.objects.count() == 0


def test_an_unknown_kind_is_refused_with_a_message(client, owner, account):
    client.force_login(owner)
    response = _post(client, account.organisation, kind="telepathy")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert Interaction.objects.count() == 0


def test_after_logging_the_organisation_page_shows_the_new_entry_marked(
    client, owner, account, carla
):
    factories.InteractionFactory(organisation=account.organisation, summary="An older call")
    client.force_login(owner)
    response = _post(client, account.organisation, contacts=[carla.pk])
    interaction = Interaction.objects.get(summary="Talked about the renewal")
    page = client.get(response["Location"]).content.decode()
    assert f'<li class="entry just-logged" id="interaction-{interaction.pk}">' in page
    assert page.count("Just logged") == 1
    assert "An older call" in page


def test_an_entry_logged_late_opens_the_timeline_page_that_shows_it(client, owner, account):
    now = timezone.now()
    for hours in range(25):
        factories.InteractionFactory(
            organisation=account.organisation, occurred_at=now - dt.timedelta(hours=hours)
        )
    client.force_login(owner)
    last_month = timezone.localtime() - dt.timedelta(days=30)
    response = _post(
        client, account.organisation, occurred_at=last_month.strftime("%Y-%m-%dT%H:%M")
    )
    interaction = Interaction.objects.get(summary="Talked about the renewal")
    assert "timeline=2" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert f'id="interaction-{interaction.pk}"' in page and "Just logged" in page


def test_an_entry_logged_at_a_division_opens_the_division_page_at_it(client, owner, account):
    division = factories.OrganisationFactory(parent=account.organisation, name="Logistics")
    client.force_login(owner)
    response = _post(client, division)
    interaction = Interaction.objects.get()
    assert response["Location"].startswith(f"/organisations/{division.pk}/?logged=")
    assert f'id="interaction-{interaction.pk}"' in client.get(response["Location"]).content.decode()


def test_enter_in_the_contact_search_without_javascript_searches_and_saves_nothing(
    client, owner, account, carla
):
    factories.ContactFactory(organisation=account.organisation, first_name="Bob", last_name="Ng")
    client.force_login(owner)
    response = _post(client, account.organisation, q="carla", summary="Half typed")
    body = response.content.decode()
    assert response.status_code == 200
    assert Interaction.objects.count() == 0
    assert "Nothing was saved" not in body
    assert 'role="status"' in body and "People matching “carla”" in body
    # The one match is ticked; what was typed is kept; the search box is empty again.
    assert f'value="{carla.pk}" checked' in body and "Bob Ng" not in body
    assert 'value="Half typed"' in body
    assert 'name="q" id="id_q"' in body and 'value="carla"' not in body
    # Sent again without a search, it is logged, with the contact the search ticked.
    response = _post(client, account.organisation, contacts=[carla.pk], summary="Half typed")
    assert response.status_code == 302
    assert list(Interaction.objects.get().contacts.all()) == [carla]


def _search(client, org, query, *ticked):
    chosen = "".join(f"&contacts={pk}" for pk in ticked)
    response = client.get(
        f"/interactions/contacts/?organisation={org.pk}&q={query}{chosen}",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_search_with_one_match_ticks_it(client, owner, account, carla):
    factories.ContactFactory(organisation=account.organisation, first_name="Bob", last_name="Ng")
    client.force_login(owner)
    body = _search(client, account.organisation, "ruiz")
    assert f'value="{carla.pk}" checked data-picked' in body
    assert "Only Carla Ruiz matches: ticked." in body


def test_a_search_with_several_matches_ticks_none(client, owner, account, carla):
    factories.ContactFactory(organisation=account.organisation, first_name="Carlos")
    client.force_login(owner)
    body = _search(client, account.organisation, "carl")
    assert " checked" not in body and "matches: ticked" not in body


def test_a_search_that_finds_only_someone_ticked_already_picks_nobody_else(
    client, owner, account, carla
):
    factories.ContactFactory(organisation=account.organisation, first_name="Bob", last_name="Ng")
    client.force_login(owner)
    body = _search(client, account.organisation, "carla", carla.pk)
    assert f'value="{carla.pk}" checked>' in body
    assert "data-picked" not in body and "matches: ticked" not in body


def test_contact_search_with_bad_ids_answers_without_failing(client, owner, account, carla):
    client.force_login(owner)
    body = _search(client, account.organisation, "carla", "99999999999999999999", "abc")
    assert "Carla Ruiz" in body


def test_a_preset_contact_with_a_bad_id_is_ignored(client, owner, account):
    client.force_login(owner)
    response = client.get(_url(account.organisation, contact="99999999999999999999"))
    assert response.status_code == 200


@pytest.mark.parametrize("field", ["contacts", "staff"])
def test_ids_too_large_for_the_database_are_refused_with_a_message(client, owner, account, field):
    client.force_login(owner)
    response = _post(client, account.organisation, **{field: ["99999999999999999999"]})
    assert response.status_code == 400
    assert "is not a valid value" in response.content.decode()
    assert Interaction.objects.count() == 0
