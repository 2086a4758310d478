"""Conflicts between interventions: overlapping windows from two units, and fence breaches."""

from datetime import date

import pytest

from interventions import selectors
from interventions.models import Interaction, Intervention
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(owner):
    return factories.AccountFactory(organisation__name="Acme", manager=owner)


def plan(owner, starts, ends, organisation=None, **fields):
    return factories.InterventionFactory(
        owner=owner,
        unit=owner.staff_profile.unit,
        organisation=organisation,
        starts_on=starts,
        ends_on=ends,
        **fields,
    )


def test_overlapping_windows_of_two_units_conflict(owner, outsider, executive, acme):
    a = plan(owner, date(2026, 3, 1), date(2026, 3, 10), acme.organisation)
    b = plan(outsider, date(2026, 3, 10), date(2026, 3, 20), acme.organisation)
    found = selectors.conflicts(executive)
    assert list(found) == [acme.organisation_id]
    (conflict,) = found[acme.organisation_id]
    assert conflict.kind == "overlap"
    assert conflict.interventions == (a, b)
    assert (conflict.starts_on, conflict.ends_on) == (date(2026, 3, 10), date(2026, 3, 10))
    assert "Key Accounts and Field Sales" in conflict.message


def test_adjacent_windows_do_not_conflict(owner, outsider, executive, acme):
    plan(owner, date(2026, 3, 1), date(2026, 3, 10), acme.organisation)
    plan(outsider, date(2026, 3, 11), date(2026, 3, 20), acme.organisation)
    assert selectors.conflicts(executive) == {}


def test_same_unit_closed_and_other_account_do_not_conflict(owner, teammate, outsider, acme):
    plan(owner, date(2026, 3, 1), date(2026, 3, 31), acme.organisation)
    plan(teammate, date(2026, 3, 5), date(2026, 3, 6), acme.organisation)  # same unit
    plan(outsider, date(2026, 3, 5), date(2026, 3, 6), acme.organisation, status="done")
    plan(outsider, date(2026, 3, 5), date(2026, 3, 6), factories.OrganisationFactory())
    assert selectors.conflicts(owner) == {}


def test_a_division_counts_towards_its_parent(owner, outsider, acme):
    rail = factories.OrganisationFactory(parent=acme.organisation, name="Acme Rail")
    plan(owner, date(2026, 3, 1), date(2026, 3, 31), acme.organisation)
    b = plan(outsider, date(2026, 3, 15), date(2026, 4, 15), rail)
    (conflict,) = selectors.account_conflicts(owner, rail)
    assert conflict.organisation == acme.organisation
    assert conflict.interventions[1] == b
    assert (conflict.starts_on, conflict.ends_on) == (date(2026, 3, 15), date(2026, 3, 31))


def test_an_intervention_at_contacts_counts_towards_their_account(owner, outsider, acme):
    contact = factories.ContactFactory(organisation=acme.organisation)
    plan(owner, date(2026, 3, 1), date(2026, 3, 31), acme.organisation)
    b = factories.InterventionFactory(
        owner=outsider,
        unit=outsider.staff_profile.unit,
        target_kind=Intervention.TargetKind.CONTACTS,
        organisation=None,
        starts_on=date(2026, 3, 20),
        ends_on=date(2026, 3, 25),
    )
    b.contacts.set([contact])
    (conflict,) = selectors.account_conflicts(owner, acme.organisation)
    assert b in conflict.interventions


def test_intervention_by_someone_outside_the_fence(
    owner, teammate, outsider, executive, fenced_account
):
    org = fenced_account.organisation
    plan(owner, date(2026, 3, 1), date(2026, 3, 31), org)
    plan(teammate, date(2026, 5, 1), date(2026, 5, 31), org)
    intruder = plan(outsider, date(2026, 6, 1), date(2026, 6, 30), org)
    (conflict,) = selectors.account_conflicts(executive, org)
    assert (conflict.kind, conflict.interventions) == ("outside_fence", (intruder,))
    # The outsider cannot see the fenced account's interventions at all.
    assert selectors.conflicts(outsider) == {}


def test_unit_filter_keeps_conflicts_involving_the_unit(owner, outsider, executive, acme):
    plan(owner, date(2026, 3, 1), date(2026, 3, 31), acme.organisation)
    plan(outsider, date(2026, 3, 1), date(2026, 3, 31), acme.organisation)
    third = factories.UnitFactory(name="Marketing")
    assert len(selectors.conflicts(executive, unit=owner.staff_profile.unit)) == 1
    assert selectors.conflicts(executive, unit=third) == {}


def test_single_intervention_conflicts_agree_with_the_map(owner, outsider, acme):
    a = plan(owner, date(2026, 3, 1), date(2026, 3, 10), acme.organisation)
    b = plan(outsider, date(2026, 3, 10), date(2026, 3, 20), acme.organisation)
    plan(outsider, date(2026, 3, 11), date(2026, 3, 20), acme.organisation)
    assert selectors.intervention_conflicts(intervention=a) == [b]


@pytest.mark.parametrize("accounts", [1, 10, 100])
def test_conflicts_cost_a_constant_number_of_queries(
    owner, outsider, executive, django_assert_num_queries, accounts
):
    for _ in range(accounts):
        account = factories.AccountFactory(is_fenced=True, manager=owner)
        plan(owner, date(2026, 3, 1), date(2026, 3, 31), account.organisation)
        plan(outsider, date(2026, 3, 1), date(2026, 3, 31), account.organisation)
        contact = factories.ContactFactory(organisation=account.organisation)
        by_contacts = factories.InterventionFactory(
            owner=owner,
            target_kind=Intervention.TargetKind.CONTACTS,
            organisation=None,
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 3, 2),
        )
        by_contacts.contacts.set([contact])
        # Captured mail across the fence (capture sets outside_fence).
        breach = factories.InteractionFactory(organisation=account.organisation, kind="email")
        Interaction.objects.filter(pk=breach.pk).update(outside_fence=True)
        breach.staff.set([outsider])
        breach.contacts.set([contact])
    # organisation targets, contact targets, their interventions, the breaches with their
    # staff and contacts, fenced accounts with teams
    with django_assert_num_queries(7):
        found = selectors.conflicts(executive)
    assert len(found) == accounts
    for conflicts in found.values():
        (breach,) = [c for c in conflicts if c.kind == "fence_breach"]
        assert breach.message.endswith("outside the account team")
