import datetime as dt

import pytest
from django.utils import timezone

from interventions.models import Intervention
from tests import factories
from tests.pages import pager_link


@pytest.fixture
def account(owner):
    return factories.AccountFactory(organisation__name="Acme Steel", manager=owner)


def _plan(client, **data):
    today = timezone.localdate()
    payload = {
        "title": "Renewal talks",
        "purpose": "retain",
        "objective": "Keep Acme for three more years.",
        "intended_outcome": "A signed renewal.",
        "tier": "executive",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=30)).isoformat(),
    }
    payload.update(data)
    query = f"?organisation={payload['organisation']}" if "organisation" in payload else ""
    return client.post(f"/interventions/new/{query}", payload)


def test_form_is_labelled_and_prefilled_from_the_organisation(client, owner, account):
    client.force_login(owner)
    body = client.get(f"/interventions/new/?organisation={account.organisation_id}").content
    body = body.decode()
    for label in ("Title", "Purpose", "Objective", "Intended outcome", "Starts on", "Ends on"):
        assert f">{label}</label>" in body, label
    assert ">Save intervention</button>" in body
    assert f'<option value="{account.organisation_id}" selected>' in body


def test_planning_saves_and_shows_the_intervention(client, owner, account):
    client.force_login(owner)
    response = _plan(client, organisation=account.organisation_id)
    intervention = Intervention.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/interventions/{intervention.pk}/"
    )
    assert intervention.owner == owner and intervention.unit == owner.staff_profile.unit
    body = client.get(response["Location"]).content.decode()
    assert "Renewal talks" in body and "Intervention saved" in body and "Conflicts" not in body


def test_overlap_with_another_units_intervention_is_named_plainly(client, owner, outsider, account):
    outsider.first_name, outsider.last_name = "Olga", "Field"
    outsider.save()
    factories.InterventionFactory(
        organisation=account.organisation,
        owner=outsider,
        unit=outsider.staff_profile.unit,
        title="Spring field push",
    )
    client.force_login(owner)
    response = _plan(client, organisation=account.organisation_id)
    body = client.get(response["Location"]).content.decode()
    assert "This overlaps with “Spring field push”, an open intervention by Olga Field" in body
    assert "Field Sales" in body
    assert 'id="conflicts-h">Conflicts' in body
    # Said once, in the page's conflicts section: not again as a message after saving.
    assert body.count("This overlaps with") == 1
    assert "Intervention saved" in body


def test_exactly_one_target_and_purpose_are_required(client, owner, account):
    community = factories.CommunityFactory()
    client.force_login(owner)
    response = _plan(
        client, organisation=account.organisation_id, community=community.pk, purpose=""
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in body and "Choose exactly one target" in body
    assert Intervention.objects.count() == 0


def test_community_target(client, owner):
    community = factories.CommunityFactory(name="Regional press")
    client.force_login(owner)
    response = _plan(client, community=community.pk)
    assert response.status_code == 302
    assert Intervention.objects.get().community == community


def test_contacts_target(client, owner, account):
    contact = factories.ContactFactory(organisation=account.organisation)
    client.force_login(owner)
    response = client.post(
        f"/interventions/new/?organisation={account.organisation_id}",
        {
            "title": "Meet the CFO",
            "purpose": "develop",
            "objective": "Know her.",
            "intended_outcome": "Lunch.",
            "tier": "executive",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": timezone.localdate().isoformat(),
            "contacts": [contact.pk],
        },
    )
    assert response.status_code == 302
    assert list(Intervention.objects.get().contacts.all()) == [contact]


def test_close_with_outcome_and_rating(client, owner, account):
    intervention = factories.InterventionFactory(organisation=account.organisation, owner=owner)
    client.force_login(owner)
    response = client.post(
        f"/interventions/{intervention.pk}/close/",
        {"status": "done", "actual_outcome": "Renewed for two years.", "outcome_rating": "partly"},
    )
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert intervention.status == "done" and intervention.outcome_rating == "partly"


def test_closing_as_done_needs_an_outcome(client, owner, account):
    intervention = factories.InterventionFactory(organisation=account.organisation, owner=owner)
    client.force_login(owner)
    response = client.post(f"/interventions/{intervention.pk}/close/", {"status": "done"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    intervention.refresh_from_db()
    assert intervention.status == "planned"


def test_list_filters_by_status_purpose_unit_and_mine(client, owner, outsider, account):
    factories.InterventionFactory(
        organisation=account.organisation, owner=owner, title="Mine retain", purpose="retain"
    )
    factories.InterventionFactory(
        organisation=account.organisation,
        owner=outsider,
        unit=outsider.staff_profile.unit,
        title="Theirs inform",
        purpose="inform",
    )
    client.force_login(owner)
    mine = client.get("/interventions/?mine=on").content.decode()
    assert "Mine retain" in mine and "Theirs inform" not in mine
    inform = client.get("/interventions/?purpose=inform").content.decode()
    assert "Theirs inform" in inform and "Mine retain" not in inform
    unit = client.get(f"/interventions/?unit={outsider.staff_profile.unit_id}").content.decode()
    assert "Theirs inform" in unit and "Mine retain" not in unit
    done = client.get("/interventions/?status=done").content.decode()
    assert "No intervention matches these filters" in done


def test_list_pages_without_counting(client, owner, account):
    factories.InterventionFactory.create_batch(51, organisation=account.organisation, owner=owner)
    client.force_login(owner)
    first = client.get("/interventions/").content.decode()
    second = client.get("/interventions/" + pager_link(first, "next")).content.decode()
    assert second.count('href="/interventions/') >= 1 and pager_link(second, "next") is None
    assert "Page 2" in second and pager_link(second, "prev")


@pytest.mark.parametrize("rows", [1, 10, 100])
def test_list_query_count_is_constant(client, owner, account, django_assert_num_queries, rows):
    factories.InterventionFactory.create_batch(rows, organisation=account.organisation, owner=owner)
    client.force_login(owner)
    # session, user, staff profile (role); interventions with owner, unit, target; the units
    # offered by the filter
    with django_assert_num_queries(5):
        assert client.get("/interventions/").status_code == 200


def test_outsider_gets_404_for_an_intervention_behind_a_fence(client, fenced_org, owner, outsider):
    intervention = factories.InterventionFactory(organisation=fenced_org, owner=owner)
    client.force_login(outsider)
    assert client.get(f"/interventions/{intervention.pk}/").status_code == 404


def test_list_narrows_to_one_organisation_hierarchy(client, owner, account):
    division = factories.OrganisationFactory(parent=account.organisation)
    factories.InterventionFactory(organisation=division, owner=owner, title="At the division")
    factories.InterventionFactory(owner=owner, title="Elsewhere")
    client.force_login(owner)
    body = client.get(f"/interventions/?organisation={account.organisation_id}").content.decode()
    assert "At the division" in body and "Elsewhere" not in body


def test_form_is_prefilled_from_a_community(client, owner):
    community = factories.CommunityFactory(name="Regional press")
    client.force_login(owner)
    body = client.get(f"/interventions/new/?community={community.pk}").content.decode()
    assert f'<option value="{community.pk}" selected>Regional press</option>' in body


def _overlaps(client, **params):
    today = timezone.localdate()
    query = {
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=30)).isoformat(),
        **params,
    }
    response = client.get("/interventions/overlaps/", query, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def field_push(account, outsider):
    outsider.first_name, outsider.last_name = "Olga", "Field"
    outsider.save()
    return factories.InterventionFactory(
        organisation=account.organisation,
        owner=outsider,
        unit=outsider.staff_profile.unit,
        title="Spring field push",
    )


def test_overlaps_are_named_before_saving_once_target_and_window_are_chosen(
    client, owner, account, field_push
):
    client.force_login(owner)
    body = _overlaps(client, organisation=account.organisation_id)
    assert "Before you save" in body
    assert "This overlaps with “Spring field push”, an open intervention by Olga Field" in body
    assert "(Field Sales)" in body and "<html" not in body
    assert Intervention.objects.count() == 1


def test_overlaps_are_found_from_people_at_the_organisation_or_its_divisions(
    client, owner, account, field_push
):
    division = factories.OrganisationFactory(parent=account.organisation)
    contact = factories.ContactFactory(organisation=division)
    client.force_login(owner)
    assert "Spring field push" in _overlaps(client, contacts=[contact.pk])


def test_overlaps_say_nothing_until_one_target_and_a_window_are_chosen(
    client, owner, account, field_push
):
    community = factories.CommunityFactory()
    client.force_login(owner)
    org = account.organisation_id
    assert "overlaps" not in _overlaps(client, organisation=org, ends_on="")
    assert "overlaps" not in _overlaps(client, organisation=org, community=community.pk)
    assert "overlaps" not in _overlaps(client)
    later = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    assert "overlaps" not in _overlaps(client, organisation=org, starts_on=later)


def test_plans_of_ones_own_unit_or_in_another_window_do_not_overlap(client, owner, account):
    factories.InterventionFactory(
        organisation=account.organisation, owner=owner, unit=owner.staff_profile.unit
    )
    factories.InterventionFactory(
        organisation=account.organisation,
        starts_on=timezone.localdate() + dt.timedelta(days=31),
        title="Next quarter",
    )
    client.force_login(owner)
    assert "overlaps" not in _overlaps(client, organisation=account.organisation_id)


def test_overlaps_behind_a_fence_are_only_counted(client, owner, outsider, executive, fenced_org):
    factories.InterventionFactory(
        organisation=fenced_org, owner=owner, unit=owner.staff_profile.unit, title="Secret plan"
    )
    client.force_login(outsider)
    body = _overlaps(client, organisation=fenced_org.pk)
    assert "Secret plan" not in body
    assert "1 other open intervention on the same target overlaps behind a picket fence" in body
    client.force_login(executive)
    assert "Secret plan" in _overlaps(client, organisation=fenced_org.pk)


def test_a_plan_sent_back_with_errors_shows_its_overlaps(client, owner, account, field_push):
    client.force_login(owner)
    response = _plan(client, organisation=account.organisation_id, title="")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved" in body and "This overlaps with “Spring field push”" in body


def test_people_ids_too_large_for_the_database_are_refused_with_a_message(client, owner, account):
    client.force_login(owner)
    response = _plan(client, organisation=account.organisation_id, contacts=["9" * 20])
    assert response.status_code == 400
    assert "is not a valid value" in response.content.decode()
    assert Intervention.objects.count() == 0
