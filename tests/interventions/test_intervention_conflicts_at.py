import datetime as dt

from interventions.selectors import intervention_conflicts, intervention_conflicts_at
from tests import factories


def test_agrees_with_intervention_conflicts_for_every_open_intervention(owner, outsider, teammate):
    org = factories.AccountFactory(manager=owner).organisation
    division = factories.OrganisationFactory(parent=org)
    contact = factories.ContactFactory(organisation=division)
    today = dt.date(2026, 3, 1)
    mine = factories.InterventionFactory(
        organisation=org, owner=owner, unit=owner.staff_profile.unit, starts_on=today
    )
    factories.InterventionFactory(  # same unit: no conflict with mine
        organisation=division, owner=teammate, unit=teammate.staff_profile.unit, starts_on=today
    )
    factories.InterventionFactory(  # another unit at a division: conflicts
        organisation=division, owner=outsider, unit=outsider.staff_profile.unit, starts_on=today
    )
    later = factories.InterventionFactory(  # another unit, but a later window
        organisation=org,
        owner=outsider,
        unit=outsider.staff_profile.unit,
        starts_on=today + dt.timedelta(days=90),
    )
    by_contacts = factories.InterventionFactory(
        target_kind="contacts", organisation=None, owner=outsider, starts_on=today
    )
    by_contacts.contacts.set([contact])
    factories.InterventionFactory(organisation=org, owner=outsider, status="done")
    pairs = intervention_conflicts_at(organisation=org, user=owner)
    assert {i.pk for i, _ in pairs} >= {mine.pk, later.pk, by_contacts.pk}
    for intervention, conflicting in pairs:
        expected = {c.pk for c in intervention_conflicts(intervention=intervention)}
        assert {c.pk for c in conflicting} == expected, intervention.title
