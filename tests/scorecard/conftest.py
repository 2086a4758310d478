"""A small world whose scorecard for March 2026 is worked out by hand in test_metrics.py.

Key accounts A (level 2 → 3, managed by `owner` of Key Accounts, in community "Retail", with
division A1) and B (level 2 → 2, managed by `outsider` of Field Sales); N is an organisation
with no account.
"""

import datetime as dt

import pytest

from interventions.models import Commitment, Intervention, Issue
from scorecard.periods import parse
from scorecard.scopes import Scope
from stakeholders.models import Assessment
from tests import factories

MARCH = parse("2026-03")
JAN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # These tests make many users; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(month, day, hour=12):
    return dt.datetime(2026, month, day, hour, tzinfo=dt.UTC)


class World:
    pass


@pytest.fixture
def world(unit, other_unit, owner, teammate, outsider):
    w = World()
    w.unit, w.other_unit = unit, other_unit
    w.community = factories.CommunityFactory(name="Retail")
    w.a = factories.OrganisationFactory(name="Acme", is_key_account=True)
    w.a.communities.add(w.community)
    w.a1 = factories.OrganisationFactory(name="Acme Logistics", parent=w.a)
    w.b = factories.OrganisationFactory(name="Borealis", is_key_account=True)
    w.n = factories.OrganisationFactory(name="Nobody Ltd")
    w.acct_a = factories.AccountFactory(
        organisation=w.a, manager=owner, current_level=2, target_level=3, created_at=JAN
    )
    w.acct_b = factories.AccountFactory(
        organisation=w.b, manager=outsider, current_level=2, target_level=2, created_at=JAN
    )

    a_exec = factories.ContactFactory(organisation=w.a, seniority="executive")
    a_inst = factories.ContactFactory(organisation=w.a)
    a1_ops = factories.ContactFactory(organisation=w.a1)
    b_ops = factories.ContactFactory(organisation=w.b)
    b_exec = factories.ContactFactory(organisation=w.b, seniority="executive")
    rel = factories.RelationshipFactory
    rel(staff=owner, contact=a1_ops, tier="operational", created_at=JAN)
    rel(
        staff=owner,
        contact=a_exec,
        tier="executive",
        created_at=JAN,
        last_interaction_at=at(4, 1, 0),
    )
    rel(staff=owner, contact=a_inst, tier="institutional", created_at=JAN)
    rel(staff=outsider, contact=b_ops, tier="operational", created_at=JAN)
    rel(staff=teammate, contact=b_exec, tier="executive", status="dormant", created_at=JAN)

    def interaction(org, when, logged_by, staff, sentiment, contacts=()):
        i = factories.InteractionFactory(
            organisation=org, occurred_at=when, logged_by=logged_by, sentiment=sentiment
        )
        i.staff.set(staff)
        i.contacts.set(contacts)
        return i

    interaction(w.a, at(2, 15), owner, [owner], 1, [a_exec])
    interaction(w.a1, at(3, 5), owner, [owner], 2)
    interaction(w.a, at(3, 10), outsider, [owner], -1)
    interaction(w.n, at(3, 20), outsider, [outsider], 0)
    interaction(w.b, at(3, 31, 23), outsider, [outsider], 1)
    interaction(w.a, at(4, 1, 0), owner, [owner], -2, [a_exec])

    def commitment(org, owner_, due, status, closed=None):
        factories.CommitmentFactory(
            organisation=org, owner=owner_, due_on=due, status=status, closed_at=closed
        )

    commitment(w.a, owner, dt.date(2026, 3, 10), Commitment.Status.KEPT, at(3, 9))
    commitment(w.a, owner, dt.date(2026, 3, 15), Commitment.Status.KEPT, at(3, 20))
    commitment(w.b, outsider, dt.date(2026, 3, 20), Commitment.Status.OPEN)
    commitment(w.b, outsider, dt.date(2026, 3, 25), Commitment.Status.CANCELLED, at(3, 1))
    commitment(w.b, outsider, dt.date(2026, 4, 2), Commitment.Status.KEPT, at(4, 1))

    done, cancelled = Intervention.Status.DONE, Intervention.Status.CANCELLED
    factories.InterventionFactory(
        owner=owner,
        organisation=w.a,
        unit=unit,
        status=done,
        closed_at=at(3, 5),
        outcome_rating="achieved",
        actual_outcome="Signed.",
    )
    factories.InterventionFactory(
        owner=owner,
        target_kind="community",
        organisation=None,
        community=w.community,
        unit=other_unit,
        status=done,
        closed_at=at(3, 12),
        outcome_rating="partly",
    )
    factories.InterventionFactory(
        owner=owner, organisation=w.b, unit=other_unit, status=cancelled, closed_at=at(3, 30)
    )
    factories.InterventionFactory(
        owner=owner,
        organisation=w.a,
        unit=unit,
        status=done,
        closed_at=at(2, 27),
        outcome_rating="achieved",
    )
    factories.InterventionFactory(owner=owner, organisation=w.a, unit=unit, status="active")

    def issue(org, category, opened, resolved=None, owner_=None, **extra):
        factories.IssueFactory(
            organisation=org,
            category=category,
            opened_at=opened,
            resolved_at=resolved,
            owner=owner_,
            **extra,
        )

    late, other = Issue.Category.LATE_DELIVERY, Issue.Category.OTHER
    issue(w.a1, late, at(3, 2, 0), at(3, 6, 0), owner, escalated=True, escalated_at=at(3, 3))
    issue(w.a, Issue.Category.BILLING_DISPUTE, at(2, 20, 0), at(3, 10, 0), owner)
    issue(w.b, late, at(3, 15), None, outsider, escalated=True)
    issue(w.n, late, at(3, 18), at(4, 3), outsider)
    issue(w.b, Issue.Category.SERVICE, at(1, 10, 0), at(3, 31, 0), outsider)
    issue(w.a, other, at(3, 20), None, owner, escalated=True, escalated_at=at(4, 2))

    def assessment(account, requested, assessed=None, side="theirs", **scores):
        factories.AssessmentFactory(
            account=account, side=side, requested_at=requested, assessed_at=assessed, **scores
        )

    assessment(
        w.acct_a, at(3, 1), at(3, 5), trust=4, openness=5, transparency=3, longevity=4, nps=10
    )
    assessment(w.acct_a, at(3, 2))
    assessment(
        w.acct_b,
        at(2, 25),
        at(3, 8),
        trust=3,
        openness=3,
        transparency=3,
        appropriateness=3,
        longevity=3,
        nps=6,
    )
    assessment(w.acct_b, at(3, 10), at(3, 12), trust=5)
    assessment(w.acct_b, at(3, 1), at(3, 20), nps=9)
    assessment(w.acct_b, at(3, 3), at(3, 4), side=Assessment.Side.OURS, trust=1)

    w.scopes = {
        "company": Scope("company"),
        "community": Scope("community", w.community.pk, "Retail"),
        "unit": Scope("unit", unit.pk, unit.name),
        "other_unit": Scope("unit", other_unit.pk, other_unit.name),
        "account_a": Scope("account", w.acct_a.pk, "Acme"),
        "account_b": Scope("account", w.acct_b.pk, "Borealis"),
    }
    return w
