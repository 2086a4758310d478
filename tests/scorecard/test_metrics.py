"""Every built-in metric on the hand-built world of conftest.py, March 2026.

Each expected value is worked out in the comment beside it.
"""

import pytest

from scorecard.metrics import REGISTRY
from scorecard.models import Measure, Observation
from scorecard.scopes import Scope
from scorecard.services import scorecard_compute
from tests import factories
from tests.scorecard.conftest import MARCH

NO_DATA = None

EXPECTED = {
    # A needs op+exec+inst (level 3) and has all three active; B needs op+exec, exec dormant.
    "key_account_coverage": {
        "company": 50.0,
        "community": 100.0,
        "unit": 100.0,
        "other_unit": 0.0,
        "account_a": 100.0,
        "account_b": 0.0,
    },
    # A is at level 2 of 3, B at 2 of 2.
    "key_accounts_at_target_level": {
        "company": 50.0,
        "community": 0.0,
        "unit": 0.0,
        "other_unit": 100.0,
        "account_a": 0.0,
        "account_b": 100.0,
    },
    # Only the owner holds A's relationships; B has two people.
    "single_threaded_key_accounts": {
        "company": 1.0,
        "community": 1.0,
        "unit": 1.0,
        "other_unit": 0.0,
        "account_a": 1.0,
        "account_b": 0.0,
    },
    # A's executive met on 15 Feb (within 90 days of 1 April); B's never: 1 of 2.
    # Field Sales holds no executive relationship: no data rather than zero.
    "dormant_executive_relationships": {
        "company": 1.0,
        "community": 0.0,
        "unit": 1.0,
        "other_unit": NO_DATA,
        "account_a": 0.0,
        "account_b": 1.0,
    },
    # Their requests made in March: A 1 answered of 2, B 2 of 2 → 3 of 4.
    "survey_response_rate": {
        "company": 75.0,
        "community": 50.0,
        "unit": 50.0,
        "other_unit": 100.0,
        "account_a": 50.0,
        "account_b": 100.0,
    },
    # Answered in March with scales: A 16/4 = 4.0; B 3.0 and 5.0; the NPS-only answer has none.
    "total_score_theirs": {
        "company": 4.0,
        "community": 4.0,
        "unit": 4.0,
        "other_unit": 4.0,
        "account_a": 4.0,
        "account_b": 4.0,
    },
    # NPS answers 10, 6, 9: (2 promoters − 1 detractor) / 3.
    "nps": {
        "company": 100 / 3,
        "community": 100.0,
        "unit": 100.0,
        "other_unit": 0.0,
        "account_a": 100.0,
        "account_b": 0.0,
    },
    # Interactions at accounts in March: A1, A, B → 3 over 2 accounts. Key Accounts: its two
    # at A (one logged by, one with its people) over its one account; Field Sales likewise.
    "interactions_per_account": {
        "company": 1.5,
        "community": 2.0,
        "unit": 2.0,
        "other_unit": 2.0,
        "account_a": 2.0,
        "account_b": 1.0,
    },
    # Sentiments in March: 2, −1, 0, 1.
    "average_sentiment": {
        "company": 0.5,
        "community": 0.5,
        "unit": 0.5,
        "other_unit": 0.0,
        "account_a": 0.5,
        "account_b": 1.0,
    },
    # Due in March, not cancelled: kept on time, kept late, open → 1 of 3.
    "commitments_kept_pct": {
        "company": 100 / 3,
        "community": 50.0,
        "unit": 50.0,
        "other_unit": 0.0,
        "account_a": 50.0,
        "account_b": 0.0,
    },
    # Closed in March: A (achieved, outcome), Retail (partly), B (cancelled, no outcome).
    "interventions_single_purpose_pct": {
        "company": 200 / 3,
        "community": 100.0,
        "unit": 100.0,
        "other_unit": 50.0,
        "account_a": 100.0,
        "account_b": 0.0,
    },
    "interventions_achieved_pct": {
        "company": 100 / 3,
        "community": 50.0,
        "unit": 100.0,
        "other_unit": 0.0,
        "account_a": 100.0,
        "account_b": 0.0,
    },
    # Open on 1 April: B's late delivery, N's (resolved 3 April) and A's "other".
    "open_issues": {
        "company": 3.0,
        "community": 1.0,
        "unit": 1.0,
        "other_unit": 2.0,
        "account_a": 1.0,
        "account_b": 1.0,
    },
    # Resolved in March: 4, 18 and 80 days.
    "median_issue_turnaround_days": {
        "company": 18.0,
        "community": 11.0,
        "unit": 11.0,
        "other_unit": 80.0,
        "account_a": 11.0,
        "account_b": 80.0,
    },
    # No issue of this world was acknowledged by a public reply (tests/feedback has one).
    "median_issue_acknowledgement_days": {
        "company": NO_DATA,
        "community": NO_DATA,
        "unit": NO_DATA,
        "other_unit": NO_DATA,
        "account_a": NO_DATA,
        "account_b": NO_DATA,
    },
    # Opened in March at key accounts: A1's and B's; N is not a key account.
    "late_delivery_complaints_key_accounts": {
        "company": 2.0,
        "community": 1.0,
        "unit": 1.0,
        "other_unit": 1.0,
        "account_a": 1.0,
        "account_b": 1.0,
    },
    # A1's (escalated 3 March) and B's (no time: counts when opened); A's escalated in April.
    "escalations": {
        "company": 2.0,
        "community": 1.0,
        "unit": 1.0,
        "other_unit": 1.0,
        "account_a": 1.0,
        "account_b": 1.0,
    },
}


def test_every_built_in_code_is_registered_seeded_and_tested(db):
    seeded = set(Measure.objects.values_list("code", flat=True))
    assert set(REGISTRY) == seeded == set(EXPECTED)
    assert len(EXPECTED) == 17


@pytest.fixture
def march(world):
    scorecard_compute(periods=[MARCH], scopes=list(world.scopes.values()))
    return {
        (o.measure.code, o.scope_kind, o.scope_id): o.value
        for o in Observation.objects.filter(period="2026-03").select_related("measure")
    }


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_metric_value_for_every_scope(world, march, code):
    got = {name: march[(code, s.kind, s.id)] for name, s in world.scopes.items()}
    want = EXPECTED[code]
    assert got == pytest.approx(want, abs=1e-9) if None not in want.values() else got == want


def test_a_unit_without_staff_has_no_work_and_spoils_nothing(world):
    empty = factories.UnitFactory(name="Nobody Here")
    scopes = [world.scopes["company"], Scope("unit", empty.pk, empty.name)]
    scorecard_compute(periods=[MARCH], scopes=scopes)

    def value(code, scope):
        return Observation.objects.get(
            measure__code=code, period="2026-03", scope_kind=scope.kind, scope_id=scope.id
        ).value

    assert value("average_sentiment", scopes[0]) == 0.5
    assert value("average_sentiment", scopes[1]) is None
    assert value("escalations", scopes[1]) == 0
