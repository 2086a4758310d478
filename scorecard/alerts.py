"""When a change against the previous period is worth an alert, and how to say it.

Only changes for the worse raise an alert, and only when there is enough behind the figures:
- counts (summed or taken at the end of the period) need at least MIN_COUNT in one of the two
  periods, a change of at least MIN_COUNT_CHANGE and of 25% (high from 50%): 1 → 2 and 4 → 5
  never fire, 6 → 14 does;
- percentages, means and medians need at least MIN_ITEMS items behind each of the two values;
  a percentage must move 10 points (high from 20), a score half the distance between its
  target and its threshold (high from the whole distance), days 25% (high from 50%).
"""

from dataclasses import dataclass

from scorecard.models import Alert, Measure

MIN_COUNT = 5
MIN_COUNT_CHANGE = 3
MIN_ITEMS = 5
RELATIVE, RELATIVE_HIGH = 0.25, 0.5
POINTS, POINTS_HIGH = 10.0, 20.0

Rollup = Measure.Rollup


@dataclass(frozen=True)
class Finding:
    severity: str
    relative_change: float | None


def _is_count(measure: Measure) -> bool:
    return measure.rollup_kind in (Rollup.SUM, Rollup.LAST) and measure.unit == Measure.Unit.COUNT


def assess(measure: Measure, current, previous) -> Finding | None:
    """`current` and `previous` are observations (value, denominator) of the same measure and
    scope in two consecutive periods."""
    value, before = current.value, previous.value
    if value is None or before is None or value == before:
        return None
    worse = value < before if measure.higher_is_better else value > before
    if not worse:
        return None
    change = value - before
    relative = change / abs(before) if before else None
    if _is_count(measure):
        if max(abs(value), abs(before)) < MIN_COUNT or abs(change) < MIN_COUNT_CHANGE:
            return None
    elif min(current.denominator or 0, previous.denominator or 0) < MIN_ITEMS:
        return None
    if measure.unit == Measure.Unit.PERCENT:
        low, high, size = POINTS, POINTS_HIGH, abs(change)
    elif measure.unit == Measure.Unit.SCORE and measure.target != measure.threshold:
        band = abs(measure.target - measure.threshold)
        low, high, size = band / 2, band, abs(change)
    else:
        low, high = RELATIVE, RELATIVE_HIGH
        size = abs(relative) if relative is not None else float("inf")
    if size < low:
        return None
    return Finding(Alert.Severity.HIGH if size >= high else Alert.Severity.MEDIUM, relative)


def format_value(measure: Measure, value: float) -> str:
    if measure.unit == Measure.Unit.PERCENT:
        return f"{value:.0f}%"
    if measure.unit == Measure.Unit.DAYS:
        return f"{value:.1f} days"
    if float(value).is_integer() and measure.unit == Measure.Unit.COUNT or abs(value) >= 10:
        return f"{value:.0f}"
    return f"{value:.2f}"


def message(measure: Measure, scope, period, value: float, before: float) -> str:
    where = "" if scope.kind == "company" else f" ({scope.name})"
    direction = "up" if value > before else "down"
    if measure.unit == Measure.Unit.PERCENT:
        change = f"{value - before:+.0f} points"
    elif measure.unit == Measure.Unit.SCORE:
        # A score's zero is arbitrary (sentiment −2…+2, NPS −100…+100): say how far it moved.
        change = f"{value - before:+.2f}" if abs(value - before) < 10 else f"{value - before:+.0f}"
    elif before:
        change = f"{(value - before) / abs(before):+.0%}"
    else:
        change = f"{value - before:+g}"
    return (
        f"{measure.name}{where}: {format_value(measure, value)} this {period.word}, "
        f"{direction} from {format_value(measure, before)} ({change})"
    )
