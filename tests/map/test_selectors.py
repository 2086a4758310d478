"""The relationship map's analyses on small hand-built accounts whose answers are known."""

from datetime import timedelta

import pytest
from django.utils import timezone

from stakeholders import selectors
from stakeholders.models import Relationship
from tests import factories

pytestmark = pytest.mark.django_db


def rel(staff, contact, tier, **fields):
    return factories.RelationshipFactory(staff=staff, contact=contact, tier=tier, **fields)


def days_ago(n):
    return timezone.now() - timedelta(days=n)


@pytest.fixture
def acme(owner):
    """A partner-level account aiming at strategic: it needs all three tiers."""
    return factories.AccountFactory(
        organisation__name="Acme", manager=owner, current_level=2, target_level=3
    )


def analysis(user, *accounts, **scope):
    return selectors.RelationshipMap(user, accounts, **scope)


def test_coverage_counts_people_per_tier_and_ignores_dormant_and_ended(owner, teammate, acme):
    c1 = factories.ContactFactory(organisation=acme.organisation)
    c2 = factories.ContactFactory(organisation=acme.organisation)
    rel(owner, c1, "operational")
    rel(owner, c2, "operational")  # the same person twice counts once
    rel(teammate, c1, "executive")
    rel(teammate, c2, "operational", last_interaction_at=days_ago(61))  # past the 60-day limit
    rel(
        teammate,
        factories.ContactFactory(organisation=acme.organisation),
        "institutional",
        status="ended",
    )
    assert analysis(owner, acme).coverage[acme.pk] == {
        "operational": 1,
        "executive": 1,
        "institutional": 0,
    }


def test_division_relationships_count_towards_the_account(owner, acme):
    division = factories.OrganisationFactory(parent=acme.organisation, name="Acme Rail")
    rel(owner, factories.ContactFactory(organisation=division), "institutional")
    assert analysis(owner, acme).coverage[acme.pk]["institutional"] == 1


def test_tier_gap_appears_and_disappears_when_a_relationship_is_added(owner, acme):
    contact = factories.ContactFactory(organisation=acme.organisation)
    rel(owner, contact, "operational")
    rel(owner, factories.ContactFactory(organisation=acme.organisation), "executive")
    gaps = analysis(owner, acme).gaps[acme.pk]
    assert [(g.kind, g.tier) for g in gaps] == [("tier_not_held", "institutional")]

    assert selectors.account_map(owner, acme).missing_tiers == ["institutional"]

    rel(factories.UserFactory(), contact, "institutional")
    assert analysis(owner, acme).gaps[acme.pk] == []
    assert selectors.account_map(owner, acme).missing_tiers == []


def test_tiers_needed_follow_the_higher_of_current_and_target_level(owner):
    transactional = factories.AccountFactory(manager=owner, current_level=1, target_level=1)
    gaps = analysis(owner, transactional).gaps[transactional.pk]
    assert [(g.kind, g.tier) for g in gaps] == [("tier_not_held", "operational")]


def test_executive_contact_gap_until_an_executive_relationship_exists(owner, acme):
    boss = factories.ContactFactory(
        organisation=acme.organisation, seniority="executive", first_name="Bea", last_name="Boss"
    )
    for tier in ("operational", "executive", "institutional"):
        rel(owner, factories.ContactFactory(organisation=acme.organisation), tier)
    rel(owner, boss, "operational")  # an operational tie to an executive does not cover them
    gaps = analysis(owner, acme).gaps[acme.pk]
    assert [(g.kind, g.contact) for g in gaps] == [("executive_contact", boss)]
    assert "Bea Boss" in gaps[0].message

    rel(factories.UserFactory(), boss, "executive")
    assert analysis(owner, acme).gaps[acme.pk] == []


def test_executive_at_a_division_is_a_gap_of_the_account(owner, acme):
    division = factories.OrganisationFactory(parent=acme.organisation)
    boss = factories.ContactFactory(organisation=division, seniority="executive")
    gaps = analysis(owner, acme, tier="executive").gaps[acme.pk]
    assert [(g.kind, g.tier, g.contact) for g in gaps] == [
        ("tier_not_held", "executive", None),
        ("executive_contact", "executive", boss),
    ]


def test_deleted_executive_is_no_gap(owner, acme):
    factories.ContactFactory(
        organisation=acme.organisation, seniority="executive", deleted_at=timezone.now()
    )
    assert analysis(owner, acme, tier="executive").gaps[acme.pk][1:] == []


def test_single_threaded_when_one_person_holds_every_active_relationship(owner, teammate, acme):
    other = factories.AccountFactory(manager=owner)
    empty = factories.AccountFactory(manager=owner)
    for _ in range(3):
        rel(owner, factories.ContactFactory(organisation=acme.organisation), "operational")
    rel(owner, factories.ContactFactory(organisation=other.organisation), "operational")
    rel(teammate, factories.ContactFactory(organisation=other.organisation), "executive")
    assert analysis(owner, acme, other, empty).single_threaded == {acme.pk}

    # A second person whose only tie has lapsed does not thread the account.
    rel(
        teammate,
        factories.ContactFactory(organisation=acme.organisation),
        "executive",
        last_interaction_at=days_ago(120),
    )
    assert analysis(owner, acme).single_threaded == {acme.pk}


def test_dormant_relationships_by_tier_limit(owner, acme):
    c = factories.ContactFactory(organisation=acme.organisation)
    fresh_exec = rel(owner, c, "executive", last_interaction_at=days_ago(89))
    lapsed_exec = rel(factories.UserFactory(), c, "executive", last_interaction_at=days_ago(91))
    lapsed_ops = rel(factories.UserFactory(), c, "operational", last_interaction_at=days_ago(61))
    quiet_inst = rel(factories.UserFactory(), c, "institutional", last_interaction_at=days_ago(91))
    marked = rel(factories.UserFactory(), c, "institutional", status="dormant")
    rel(
        factories.UserFactory(), c, "operational", last_interaction_at=days_ago(400), status="ended"
    )
    dormant = analysis(owner, acme).dormant[acme.pk]
    assert set(dormant) == {lapsed_exec, lapsed_ops, marked}
    assert fresh_exec not in dormant and quiet_inst not in dormant
    lapsed = next(r for r in dormant if r == lapsed_exec)
    assert (lapsed.days_since_contact, lapsed.limit_days) == (91, 90)
    assert analysis(owner, acme, tier="executive").dormant[acme.pk] == [lapsed_exec]


def test_unit_filter_counts_only_that_units_people(owner, outsider, acme):
    c = factories.ContactFactory(organisation=acme.organisation)
    rel(owner, c, "operational")
    rel(outsider, c, "executive")
    unit = owner.staff_profile.unit
    assert analysis(owner, acme, unit=unit).coverage[acme.pk] == {
        "operational": 1,
        "executive": 0,
        "institutional": 0,
    }


def test_fenced_account_is_left_out_for_outsiders_and_counted(
    owner, outsider, executive, fenced_account, fenced_contact, acme
):
    rel(owner, fenced_contact, "executive")
    assert list(selectors.map_accounts(outsider)) == [acme]
    assert selectors.hidden_account_count(outsider) == 1
    assert set(selectors.map_accounts(executive)) == {acme, fenced_account}
    assert selectors.hidden_account_count(executive) == 0
    assert selectors.hidden_account_count(owner) == 0
    # Even handed the account, the outsider's analysis sees none of its relationships.
    assert analysis(outsider, fenced_account).coverage[fenced_account.pk]["executive"] == 0
    assert analysis(executive, fenced_account).coverage[fenced_account.pk]["executive"] == 1


def test_community_filter(owner, acme):
    community = factories.CommunityFactory()
    member = factories.AccountFactory(manager=owner)
    member.organisation.communities.add(community)
    assert list(selectors.map_accounts(owner, community=community)) == [member]


def test_executive_counterpart_matrix(owner, executive, acme):
    other_exec = factories.UserFactory(username="zed", role="executive", last_name="Zed")
    executive.last_name = "Abel"
    executive.save()
    boss = factories.ContactFactory(organisation=acme.organisation, seniority="executive")
    factories.ContactFactory(organisation=acme.organisation)  # not an executive: not a row
    met = rel(executive, boss, "executive", last_interaction_at=days_ago(3))
    columns, rows = selectors.executive_counterpart_matrix(owner, acme.organisation)
    assert columns == [executive, other_exec]
    assert [(r.contact, r.cells) for r in rows] == [(boss, [met, None])]


@pytest.mark.parametrize("accounts", [1, 10, 100])
def test_analyses_cost_a_constant_number_of_queries(owner, django_assert_num_queries, accounts):
    built = []
    for _ in range(accounts):
        account = factories.AccountFactory(manager=owner)
        boss = factories.ContactFactory(organisation=account.organisation, seniority="executive")
        rel(owner, boss, "operational", last_interaction_at=days_ago(70))
        built.append(account)
    # holders (coverage and single-threadedness), executive gaps, dormant relationships
    with django_assert_num_queries(3):
        m = selectors.RelationshipMap(owner, built)
        m.account_views()
    assert len(m.dormant) == accounts
    assert Relationship.objects.count() == accounts
