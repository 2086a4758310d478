"""Relationship strength for interaction histories whose right answers were worked by hand.

The worked example is the one in docs/relationship-map.md: three operational interactions on
1, 11 and 21 January (sentiment +2, +1, 0), strength read on 31 January.
"""

import io
import math
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from stakeholders import services
from stakeholders import strength as s
from stakeholders.models import Relationship
from tests import factories

JAN_1 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
EMPTY = s.Aggregates(0, 0.0, 0.0, None, None)


def fold_all(history):
    agg = EMPTY
    for day, sentiment in history:
        agg = s.fold_interaction(agg, occurred_at=JAN_1 + timedelta(days=day), sentiment=sentiment)
    return agg


WORKED = [(0, 2), (10, 1), (20, 0)]


def test_no_interactions_is_zero():
    assert s.strength(EMPTY, tier="operational", now=JAN_1) == 0


def test_worked_example_aggregates():
    agg = fold_all(WORKED)
    assert agg.count == 3
    # 1·e^(-20/90) + 1·e^(-10/90) + 1
    assert agg.decayed_count == pytest.approx(math.exp(-20 / 90) + math.exp(-10 / 90) + 1)
    assert agg.decayed_count == pytest.approx(2.69558, abs=1e-5)
    assert agg.decayed_sentiment == pytest.approx(2 * math.exp(-20 / 90) + math.exp(-10 / 90))
    assert agg.decayed_sentiment == pytest.approx(2.49631, abs=1e-5)
    assert agg.last_interaction_at == JAN_1 + timedelta(days=20)


def test_worked_example_strength_by_tier():
    agg = fold_all(WORKED)
    now = JAN_1 + timedelta(days=30)
    # R = 1-(10/60)^2 = .97222, F = 2.69558·e^(-10/90)/6 = .40202, S = (.92608+2)/4 = .73152
    # .40·R + .40·F + .20·S = .69600
    assert s.strength(agg, tier="operational", now=now) == 70
    # R = 1-(10/90)^2 = .98765, F = min(1, 2.41211/2) = 1: .55·R + .25·F + .20·S = .93951
    assert s.strength(agg, tier="executive", now=now) == 94


def test_out_of_order_interactions_fold_to_the_same_aggregates():
    in_order = fold_all(WORKED)
    shuffled = fold_all([WORKED[2], WORKED[0], WORKED[1]])
    assert shuffled.count == in_order.count
    assert shuffled.decayed_count == pytest.approx(in_order.decayed_count)
    assert shuffled.decayed_sentiment == pytest.approx(in_order.decayed_sentiment)
    assert shuffled.aggregates_at == in_order.aggregates_at
    assert shuffled.last_interaction_at == in_order.last_interaction_at


@pytest.mark.parametrize(
    ("tier", "days", "expected"),
    [
        # One +1 meeting: S = .75. Executive: .55·R + .25·min(1, e^(-d/90)/2) + .15.
        ("executive", 0, 83),  # .55 + .125 + .15 = .825
        ("executive", 30, 73),  # .55·(1-1/9) + .25·.35827 + .15 = .72846
        ("executive", 80, 32),  # .55·(1-(80/90)^2) + .25·.20555 + .15 = .32182
        # Operational, limit 60: .40·R + .40·e^(-d/90)/6 + .15.
        ("operational", 0, 62),  # .40 + .06667 + .15 = .61667
        ("operational", 30, 50),  # .40·.75 + .40·.11943 + .15 = .49777
        # Past the limit recency is 0 and the score is capped at .25.
        ("operational", 61, 18),  # .40·(e^(-61/90)/6 = .08463) + .15 = .18385
    ],
)
def test_one_meeting_fades_on_the_tiers_clock(tier, days, expected):
    agg = fold_all([(0, 1)])
    assert s.strength(agg, tier=tier, now=JAN_1 + timedelta(days=days)) == expected


def test_past_the_limit_a_strong_history_is_capped():
    # Twenty very positive meetings, a fortnight apart, then silence beyond the 90-day limit.
    agg = fold_all([(14 * i, 2) for i in range(20)])
    last = 14 * 19
    assert s.strength(agg, tier="executive", now=JAN_1 + timedelta(days=last + 1)) == 100
    assert s.strength(agg, tier="executive", now=JAN_1 + timedelta(days=last + 91)) == 25


def test_executive_cadence_is_rarer_than_operational():
    # A meeting every six weeks for a year: plenty for an executive, thin for day-to-day work.
    agg = fold_all([(42 * i, 0) for i in range(9)])
    now = JAN_1 + timedelta(days=42 * 8 + 21)
    assert s.strength(agg, tier="executive", now=now) > s.strength(agg, tier="operational", now=now)


@pytest.mark.django_db
def test_logging_keeps_the_stored_strength_equal_to_the_pure_function(owner):
    contact = factories.ContactFactory()
    for day, sentiment in WORKED:
        services.relationships_record_interaction(
            staff_ids=[owner.pk],
            contact_ids=[contact.pk],
            occurred_at=JAN_1 + timedelta(days=day),
            tier="operational",
            sentiment=sentiment,
        )
    rel = Relationship.objects.get(staff=owner, contact=contact)
    assert rel.interaction_count == 3
    assert rel.decayed_count == pytest.approx(2.69558, abs=1e-5)
    assert services.relationship_strength(rel, now=JAN_1 + timedelta(days=30)) == 70


@pytest.mark.django_db
def test_recompute_command_decays_strength_and_marks_dormant(owner):
    now = timezone.now()
    fresh = factories.RelationshipFactory(staff=owner, tier="executive")
    lapsed = factories.RelationshipFactory(staff=owner, tier="executive")
    revived = factories.RelationshipFactory(staff=owner, tier="operational", status="dormant")
    ended = factories.RelationshipFactory(staff=owner, tier="operational", status="ended")
    for rel, days_ago in ((fresh, 10), (lapsed, 91), (revived, 5), (ended, 400)):
        services.relationships_record_interaction(
            staff_ids=[owner.pk],
            contact_ids=[rel.contact_id],
            occurred_at=now - timedelta(days=days_ago),
            tier=rel.tier,
            sentiment=1,
        )
    # Logging reactivates a dormant relationship at once; put it back to test the command.
    Relationship.objects.filter(pk=revived.pk).update(status="dormant", strength=0)
    Relationship.objects.filter(pk=lapsed.pk).update(strength=99)

    out = io.StringIO()
    call_command("recompute_strength", stdout=out)

    assert "4 relationships" in out.getvalue()
    assert "1 marked dormant, 1 active again" in out.getvalue()
    statuses = dict(Relationship.objects.values_list("pk", "status"))
    assert statuses == {
        fresh.pk: "active",
        lapsed.pk: "dormant",
        revived.pk: "active",
        ended.pk: "ended",
    }
    lapsed.refresh_from_db()
    assert lapsed.strength <= 25


@pytest.mark.django_db
def test_relationship_never_interacted_is_judged_from_its_creation(owner):
    old = factories.RelationshipFactory(
        staff=owner, tier="operational", created_at=timezone.now() - timedelta(days=61)
    )
    new = factories.RelationshipFactory(staff=owner, tier="operational")
    assert services.relationships_update_status() == (1, 0)
    assert Relationship.objects.get(pk=old.pk).status == "dormant"
    assert Relationship.objects.get(pk=new.pk).status == "active"


@pytest.mark.django_db
def test_recompute_command_refuses_a_zero_batch():
    with pytest.raises(CommandError):
        call_command("recompute_strength", batch_size=0)
