"""Cadence and the Due panel: relationships about to go quiet, commitments, issues and
interventions that need one of us this week, each with its action."""

import datetime as dt

import pytest
from django.utils import timezone

from relmap.due import due_for
from stakeholders import dormancy, services
from stakeholders.models import Relationship
from tests import factories

pytestmark = pytest.mark.django_db


def _relationship(staff, *, days_quiet, tier="executive", cadence=None, **fields):
    rel = factories.RelationshipFactory(staff=staff, tier=tier, cadence_days=cadence, **fields)
    Relationship.objects.filter(pk=rel.pk).update(
        last_interaction_at=timezone.now() - dt.timedelta(days=days_quiet)
    )
    rel.refresh_from_db()
    return rel


def test_a_cadence_of_its_own_replaces_the_tiers_limit(owner):
    now = timezone.now()
    own = _relationship(owner, days_quiet=31, cadence=30)
    tiers = _relationship(owner, days_quiet=31)  # executive: 90 days
    assert own.state == "dormant" and tiers.state == "active"
    assert (own.limit_days, tiers.limit_days) == (30, 90)
    dormant = set(Relationship.objects.filter(dormancy.dormant(now)).values_list("pk", flat=True))
    assert dormant == {own.pk}
    annotated = {r.pk: r.is_dormant for r in Relationship.objects.with_dormancy(now)}
    assert annotated == {own.pk: True, tiers.pk: False}


def test_a_new_interaction_starts_the_count_again(owner, fenced_contact):
    rel = _relationship(owner, days_quiet=40, cadence=30, contact=fenced_contact)
    assert rel.state == "dormant"
    services.relationships_record_interaction(
        staff_ids=[owner.pk],
        contact_ids=[fenced_contact.pk],
        occurred_at=timezone.now(),
        tier="executive",
        sentiment=1,
    )
    rel.refresh_from_db()
    assert rel.state == "active"
    assert rel.contact_due_at.date() == (timezone.now() + dt.timedelta(days=30)).date()


def test_the_nightly_status_follows_the_cadence(owner):
    own = _relationship(owner, days_quiet=31, cadence=30)
    _relationship(owner, days_quiet=31)
    assert services.relationships_update_status() == (1, 0)
    own.refresh_from_db()
    assert own.status == "dormant"


def test_due_lists_what_goes_dormant_within_two_weeks_soonest_first(owner):
    soon = _relationship(owner, days_quiet=85)  # due in 5 days
    sooner = _relationship(owner, days_quiet=25, cadence=27)  # due in 2 days
    _relationship(owner, days_quiet=70)  # 20 days left: not yet
    _relationship(owner, days_quiet=95)  # already dormant: the map's business
    _relationship(factories.UserFactory(), days_quiet=85)  # someone else's
    due = due_for(owner)
    assert due.relationships.rows == [sooner, soon]


def test_commitments_issues_and_interventions_that_wait_on_me(owner, teammate, fenced_org):
    today = timezone.localdate()
    mine = factories.CommitmentFactory(
        organisation=fenced_org, owner=owner, due_on=today - dt.timedelta(days=2)
    )
    unowned = factories.CommitmentFactory(organisation=fenced_org, due_on=today + dt.timedelta(3))
    factories.CommitmentFactory(
        organisation=fenced_org, owner=owner, due_on=today + dt.timedelta(9)
    )
    factories.CommitmentFactory(organisation=fenced_org, owner=teammate, due_on=today)
    factories.CommitmentFactory(
        organisation=fenced_org, owner=owner, due_on=today, status="kept",
        closed_at=timezone.now()
    )  # fmt: skip
    low = factories.IssueFactory(organisation=fenced_org, owner=owner, severity="low")
    high = factories.IssueFactory(organisation=fenced_org, severity="high")
    factories.IssueFactory(organisation=fenced_org, owner=teammate)
    factories.IssueFactory(organisation=factories.OrganisationFactory())  # not an account I hold
    starting = factories.InterventionFactory(
        owner=owner, organisation=fenced_org, starts_on=today + dt.timedelta(days=2)
    )
    late = factories.InterventionFactory(
        owner=owner, organisation=fenced_org, status="active",
        starts_on=today - dt.timedelta(days=40), ends_on=today - dt.timedelta(days=1),
    )  # fmt: skip
    factories.InterventionFactory(owner=owner, starts_on=today + dt.timedelta(days=20))
    due = due_for(owner)
    assert due.commitments.rows == [mine, unowned]
    assert due.issues.rows == [high, low]
    assert due.interventions.rows == [late, starting]
    assert [(i.due_what, i.is_late) for i in due.interventions] == [
        ("ends", True),
        ("starts", False),
    ]
    assert due.total == 6


def test_the_fence_holds_in_the_due_panel(owner, outsider, fenced_org):
    # An outsider who once owned a commitment there no longer sees it behind the fence.
    factories.CommitmentFactory(organisation=fenced_org, owner=outsider)
    assert due_for(outsider).commitments.total == 0


def test_the_home_page_shows_each_with_its_action(client, owner, fenced_org, fenced_contact):
    rel = _relationship(owner, days_quiet=85, contact=fenced_contact)
    commitment = factories.CommitmentFactory(
        organisation=fenced_org, owner=owner, description="Send the price list",
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )  # fmt: skip
    issue = factories.IssueFactory(organisation=fenced_org, owner=owner, summary="Pallets late")
    client.force_login(owner)
    page = client.get("/").content.decode()
    assert 'id="due-h"' in page
    assert f"?organisation={fenced_org.pk}&amp;contact={rel.contact_id}" in page
    assert f'action="/commitments/{commitment.pk}/status/"' in page and "overdue" in page
    assert f'action="/issues/{issue.pk}/resolve/"' in page
    assert "Nothing is due this week" not in page


def test_an_empty_due_panel_says_so(client, owner):
    client.force_login(owner)
    assert "Nothing is due this week" in client.get("/").content.decode()


@pytest.mark.parametrize("accounts", [1, 10, 30])
def test_home_query_count_is_constant_with_a_full_due_panel(
    client, owner, django_assert_max_num_queries, accounts
):
    today = timezone.localdate()
    for account in factories.AccountFactory.create_batch(accounts, manager=owner):
        org = account.organisation
        _relationship(owner, days_quiet=85, contact=factories.ContactFactory(organisation=org))
        factories.CommitmentFactory(organisation=org, owner=owner, due_on=today)
        factories.IssueFactory(organisation=org)
        factories.InterventionFactory(owner=owner, organisation=org, starts_on=today)
    client.force_login(owner)
    # session, user, role, accounts; each of the four lists and, past its limit, its count
    with django_assert_max_num_queries(12):
        page = client.get("/").content.decode()
    assert page.count('class="due-list"') == 4
