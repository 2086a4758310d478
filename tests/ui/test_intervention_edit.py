"""Changing an intervention: /interventions/<id>/edit/ and /start/; closing and cancelling."""

import datetime as dt

import pytest
from django.utils import timezone

from interventions.models import Intervention
from tests import factories


@pytest.fixture
def plan(fenced_org, owner):
    return factories.InterventionFactory(
        organisation=fenced_org, owner=owner, title="Renewl talks", purpose="retain"
    )


def _edit(client, plan, **data):
    payload = {
        "title": "Renewal talks",
        "purpose": "negotiate",
        "objective": "Agree the price for three years.",
        "intended_outcome": "A signed renewal.",
        "tier": "executive",
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": (plan.starts_on + dt.timedelta(days=60)).isoformat(),
        **data,
    }
    return client.post(f"/interventions/{plan.pk}/edit/", payload)


def test_the_form_is_labelled_and_filled_with_the_plan(client, owner, plan):
    client.force_login(owner)
    response = client.get(f"/interventions/{plan.pk}/edit/")
    body = response.content.decode()
    assert response.status_code == 200
    for label in ("Title", "Purpose", "Objective", "Intended outcome", "Starts on", "Ends on"):
        assert f">{label}</label>" in body, label
    assert ">Save intervention</button>" in body
    assert 'value="Renewl talks"' in body and '<option value="retain" selected>' in body
    assert "Fenced Corp" in body and "keeps its target" in body


def test_the_plan_changes_and_its_target_stays(client, owner, plan):
    elsewhere = factories.OrganisationFactory()
    client.force_login(owner)
    response = _edit(client, plan, organisation=elsewhere.pk)
    assert response.status_code == 302 and response["Location"] == f"/interventions/{plan.pk}/"
    plan.refresh_from_db()
    assert (plan.title, plan.purpose, plan.tier) == ("Renewal talks", "negotiate", "executive")
    assert plan.ends_on == plan.starts_on + dt.timedelta(days=60)
    assert plan.organisation.name == "Fenced Corp"
    body = client.get(response["Location"]).content.decode()
    assert 'role="status"' in body and "Intervention updated: Renewal talks" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ends_on": "2000-01-01"}, "An intervention cannot end before it starts."),
        ({"purpose": ""}, "This field is required."),
        ({"purpose": "several"}, "Select a valid choice."),
        ({"starts_on": "soon"}, "Enter a valid date."),
        ({"title": "x" * 201}, "at most 200 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, owner, plan, data, message):
    client.force_login(owner)
    response = _edit(client, plan, **data)
    body = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in body and "Nothing was saved" in body and message in body
    plan.refresh_from_db()
    assert plan.title == "Renewl talks"


def test_start_makes_a_planned_intervention_active(client, teammate, plan):
    client.force_login(teammate)
    response = client.post(f"/interventions/{plan.pk}/start/")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "active"
    body = client.get(response["Location"]).content.decode()
    assert "Intervention started: Renewl talks" in body
    assert ">Start</button>" not in body and ">Edit</a>" in body


def test_starting_one_that_is_not_planned_says_why(client, owner, plan):
    plan.status = "active"
    plan.save()
    client.force_login(owner)
    response = client.post(f"/interventions/{plan.pk}/start/")
    body = response.content.decode()
    assert response.status_code == 409
    assert 'role="alert"' in body
    assert "Only a planned intervention can be started; this one is active." in body


def test_start_takes_only_post(client, owner, plan):
    client.force_login(owner)
    assert client.get(f"/interventions/{plan.pk}/start/").status_code == 405


def test_cancel_through_the_close_form_needs_no_outcome(client, owner, plan):
    client.force_login(owner)
    response = client.post(f"/interventions/{plan.pk}/close/", {"status": "cancelled"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "cancelled" and plan.closed_at is not None


def test_the_page_offers_start_edit_and_close_to_who_may_change_it(client, owner, plan):
    client.force_login(owner)
    body = client.get(f"/interventions/{plan.pk}/").content.decode()
    assert ">Start</button>" in body and ">Edit</a>" in body
    assert "Close or cancel this intervention" in body
    plan.status = "done"
    plan.actual_outcome, plan.outcome_rating = "Renewed.", "achieved"
    plan.save()
    body = client.get(f"/interventions/{plan.pk}/").content.decode()
    assert ">Edit</a>" in body and ">Start</button>" not in body
    assert "Close or cancel this intervention" not in body


def test_someone_who_may_see_but_not_change_it_gets_403(client, executive, plan):
    client.force_login(executive)
    body = client.get(f"/interventions/{plan.pk}/").content.decode()
    assert ">Edit</a>" not in body and ">Start</button>" not in body
    for response in (
        client.get(f"/interventions/{plan.pk}/edit/"),
        _edit(client, plan),
        client.post(f"/interventions/{plan.pk}/start/"),
    ):
        assert response.status_code == 403
        assert "is behind a picket fence" in response.content.decode()
    plan.refresh_from_db()
    assert (plan.title, plan.status) == ("Renewl talks", "planned")


def test_an_outsider_of_the_fence_gets_404(client, outsider, plan):
    client.force_login(outsider)
    assert client.get(f"/interventions/{plan.pk}/edit/").status_code == 404
    assert _edit(client, plan).status_code == 404
    assert client.post(f"/interventions/{plan.pk}/start/").status_code == 404
    plan.refresh_from_db()
    assert (plan.title, plan.status) == ("Renewl talks", "planned")


def test_an_edit_that_makes_it_overlap_shows_the_conflict_once(client, owner, outsider, plan):
    factories.InterventionFactory(
        organisation=plan.organisation,
        owner=outsider,
        unit=outsider.staff_profile.unit,
        title="Autumn push",
        starts_on=timezone.localdate() + dt.timedelta(days=50),
    )
    client.force_login(owner)
    response = _edit(client, plan)
    body = client.get(response["Location"]).content.decode()
    assert body.count("This overlaps with “Autumn push”") == 1
    assert Intervention.objects.count() == 2
