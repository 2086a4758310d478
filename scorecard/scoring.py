"""From values to scores (0–100) and statuses (green, amber, red, no_data).

A measure scores 100 at (or beyond) its target and 50 at its threshold (the amber line),
linearly in between, and keeps falling at the same rate beyond the threshold until 0.
Perspectives and the overall score are weighted means of what has data below them.
"""

from dataclasses import dataclass

GREEN, AMBER, RED, NO_DATA = "green", "amber", "red", "no_data"
STATUSES = (GREEN, AMBER, RED, NO_DATA)
# A weighted mean of measure scores is green from here up, red below AMBER_FROM.
GREEN_FROM, AMBER_FROM = 80.0, 50.0


def measure_score(*, value, target, threshold, higher_is_better: bool) -> float | None:
    if value is None:
        return None
    shortfall = (target - value) if higher_is_better else (value - target)
    if shortfall <= 0:
        return 100.0
    band = abs(target - threshold)
    if band == 0:
        return 0.0
    return round(max(0.0, 100.0 - 50.0 * shortfall / band), 1)


def measure_status(*, value, target, threshold, higher_is_better: bool) -> str:
    if value is None:
        return NO_DATA
    if (value >= target) if higher_is_better else (value <= target):
        return GREEN
    if (value >= threshold) if higher_is_better else (value <= threshold):
        return AMBER
    return RED


def score_status(score: float | None) -> str:
    if score is None:
        return NO_DATA
    if score >= GREEN_FROM:
        return GREEN
    return AMBER if score >= AMBER_FROM else RED


@dataclass(frozen=True)
class Combined:
    score: float | None
    status: str
    with_data: int
    without_data: int


def weighted_mean(items: list[tuple[float | None, float]]) -> Combined:
    """Weighted mean of (score, weight) pairs, skipping those without a score."""
    scored = [(s, w) for s, w in items if s is not None]
    weight = sum(w for _, w in scored)
    score = round(sum(s * w for s, w in scored) / weight, 1) if scored and weight > 0 else None
    return Combined(score, score_status(score), len(scored), len(items) - len(scored))
