"""Relationship strength: a pure function of a relationship's running aggregates and the date.

The aggregates are an exponentially decayed interaction count and sentiment sum, kept as of
`aggregates_at`. Folding in one interaction is O(1); decaying to any later moment is a
multiplication, so strength can be recomputed for every relationship in bulk without reading
a single interaction.
"""

import math
from dataclasses import dataclass
from datetime import datetime

# How many days it takes an interaction's weight to fall to 1/e.
DECAY_DAYS = 90.0

# Expected cadence per tier: the interactions per DECAY_DAYS window that make "frequent
# enough", and the days without contact after which recency no longer counts.
EXPECTED_DECAYED_COUNT = {"operational": 6.0, "executive": 2.0, "institutional": 1.5}
RECENCY_HORIZON_DAYS = {"operational": 60.0, "executive": 120.0, "institutional": 180.0}

WEIGHT_RECENCY = 0.45
WEIGHT_FREQUENCY = 0.35
WEIGHT_SENTIMENT = 0.20


@dataclass(frozen=True)
class Aggregates:
    count: int
    decayed_count: float
    decayed_sentiment: float
    aggregates_at: datetime | None
    last_interaction_at: datetime | None


def decay_factor(from_moment: datetime, to_moment: datetime) -> float:
    days = (to_moment - from_moment).total_seconds() / 86400.0
    return math.exp(-days / DECAY_DAYS)


def fold_interaction(agg: Aggregates, *, occurred_at: datetime, sentiment: int) -> Aggregates:
    """The aggregates after one more interaction, in or out of chronological order."""
    if agg.aggregates_at is None or occurred_at >= agg.aggregates_at:
        factor = decay_factor(agg.aggregates_at, occurred_at) if agg.aggregates_at else 0.0
        decayed_count = agg.decayed_count * factor + 1.0
        decayed_sentiment = agg.decayed_sentiment * factor + sentiment
        moment = occurred_at
    else:
        weight = decay_factor(occurred_at, agg.aggregates_at)
        decayed_count = agg.decayed_count + weight
        decayed_sentiment = agg.decayed_sentiment + sentiment * weight
        moment = agg.aggregates_at
    last = max(filter(None, [agg.last_interaction_at, occurred_at]))
    return Aggregates(agg.count + 1, decayed_count, decayed_sentiment, moment, last)


def strength(agg: Aggregates, *, tier: str, now: datetime) -> int:
    """0–100 from recency, frequency and sentiment, against the tier's expected cadence."""
    if agg.count == 0 or agg.last_interaction_at is None or agg.aggregates_at is None:
        return 0
    horizon = RECENCY_HORIZON_DAYS.get(tier, 90.0)
    days_since = max((now - agg.last_interaction_at).total_seconds() / 86400.0, 0.0)
    recency = max(0.0, 1.0 - days_since / horizon)

    decayed_now = agg.decayed_count * decay_factor(agg.aggregates_at, max(now, agg.aggregates_at))
    frequency = min(1.0, decayed_now / EXPECTED_DECAYED_COUNT.get(tier, 3.0))

    mean_sentiment = agg.decayed_sentiment / agg.decayed_count if agg.decayed_count else 0.0
    sentiment = (max(-2.0, min(2.0, mean_sentiment)) + 2.0) / 4.0

    score = WEIGHT_RECENCY * recency + WEIGHT_FREQUENCY * frequency + WEIGHT_SENTIMENT * sentiment
    # Without recent contact, sentiment alone must not keep a relationship looking strong.
    if recency == 0.0:
        score = min(score, 0.25)
    return max(0, min(100, round(score * 100)))
