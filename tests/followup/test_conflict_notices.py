"""Planning a clash tells who should know: the other unit's planner and the account's manager
of a conflicting intervention, the manager of a fence breach; once, and never oneself."""

import datetime as dt

import pytest

from interventions import services
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db
START = dt.date(2027, 3, 1)


def _plan(by, organisation, starts=START, days=10, **fields):
    intervention, _ = services.intervention_plan(
        planned_by=by,
        title=fields.pop("title", "Visit"),
        purpose="develop",
        objective="Grow",
        intended_outcome="A deal",
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=days),
        organisation=organisation,
        **fields,
    )
    return intervention


@pytest.fixture
def acme(owner):
    return factories.AccountFactory(organisation__name="Acme", manager=owner).organisation


def test_another_units_overlapping_plan_tells_its_owner_and_the_manager(acme, owner, outsider):
    mine = _plan(owner, acme, title="Quarterly review")
    theirs = _plan(outsider, acme, starts=START + dt.timedelta(days=5), title="Product demo")
    (told,) = Notification.objects.filter(user=owner, kind="conflict")
    # The manager is the other plan's owner here: told once, as its owner.
    assert told.message == (
        "Field Sales plans “Product demo” at Acme (6 Mar 2027 – 16 Mar 2027), overlapping your "
        "“Quarterly review”."
    )
    assert told.url == theirs.get_absolute_url() and told.root == acme.pk
    assert not Notification.objects.filter(user=outsider).exists()
    assert mine.pk


def test_the_manager_hears_of_two_other_units_clashing(acme, owner, outsider):
    third = factories.UserFactory(role__unit=factories.UnitFactory(name="Service"))
    _plan(third, acme, title="Site survey")
    _plan(outsider, acme, starts=START + dt.timedelta(days=2), title="Product demo")
    messages = set(Notification.objects.filter(user=owner).values_list("message", flat=True))
    assert messages == {
        "Conflicting interventions at Acme: Field Sales's “Product demo” overlaps "
        "Service's “Site survey”."
    }
    assert Notification.objects.filter(user=third, kind="conflict").count() == 1


def test_moving_a_plan_into_a_clash_tells_once(acme, owner, outsider):
    _plan(owner, acme, title="Quarterly review")
    later = _plan(outsider, acme, starts=START + dt.timedelta(days=30), title="Product demo")
    assert not Notification.objects.exists()
    for _ in range(2):
        services.intervention_update(
            intervention=later, updated_by=outsider, starts_on=START + dt.timedelta(days=1)
        )
    assert Notification.objects.filter(user=owner).count() == 1


def test_same_unit_or_no_overlap_tells_nobody(acme, owner, teammate):
    _plan(owner, acme)
    _plan(teammate, acme, starts=START + dt.timedelta(days=3))
    _plan(owner, acme, starts=START + dt.timedelta(days=60))
    assert not Notification.objects.exists()


def test_a_plan_at_a_fenced_account_by_someone_outside_its_team_is_a_breach(
    fenced_org, owner, admin_user
):
    intervention = _plan(admin_user, fenced_org, title="Audit visit")
    (breach,) = Notification.objects.filter(user=owner, kind="fence_breach")
    assert breach.message == (
        f"{admin_user.get_full_name()} runs “Audit visit” at fenced {fenced_org.name}, outside "
        "the account team."
    )
    assert breach.url == intervention.get_absolute_url()
    # Its own team's plans are no breach.
    _plan(owner, fenced_org, starts=START + dt.timedelta(days=90))
    assert Notification.objects.filter(kind="fence_breach").count() == 1
