"""Periods of the scorecard: a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY)."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from scorecard.models import PeriodKind

_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{2})$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})-Q([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR),
)
_MONTHS_IN = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}
_MIN_YEAR, _MAX_YEAR = 2000, 2100


class BadPeriod(ValueError):
    pass


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    kind: str

    @property
    def months(self) -> int:
        return _MONTHS_IN[self.kind]

    @property
    def end(self) -> dt.date:
        """The first day after the period."""
        return _add_months(self.start, self.months)

    @property
    def code(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def word(self) -> str:
        return {"month": "month", "quarter": "quarter", "year": "year"}[self.kind]

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return self.start.strftime("%B %Y")
        if self.kind == PeriodKind.QUARTER:
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        return str(self.start.year)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware datetimes [start, end) in the project's time zone."""
        tz = timezone.get_default_timezone()
        return (
            dt.datetime.combine(self.start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(self.end, dt.time.min, tzinfo=tz),
        )

    def month_periods(self) -> list["Period"]:
        return [month(_add_months(self.start, i)) for i in range(self.months)]

    def previous(self) -> "Period":
        return Period(_add_months(self.start, -self.months), self.kind)

    def containing(self) -> list["Period"]:
        """The quarter and the year this month lies in."""
        return [quarter_of(self.start), year_of(self.start)]

    def last_months(self, n: int) -> list["Period"]:
        """The n months ending with this period's last month, oldest first."""
        last = _add_months(self.end, -1)
        return [month(_add_months(last, -i)) for i in reversed(range(n))]


def month(day: dt.date) -> Period:
    return Period(dt.date(day.year, day.month, 1), PeriodKind.MONTH)


def quarter_of(day: dt.date) -> Period:
    return Period(dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1), PeriodKind.QUARTER)


def year_of(day: dt.date) -> Period:
    return Period(dt.date(day.year, 1, 1), PeriodKind.YEAR)


def parse(code: str) -> Period:
    """`2026-03`, `2026-Q1` or `2026` → Period; BadPeriod with a message for anything else."""
    for pattern, kind in _PATTERNS:
        match = pattern.match(code or "")
        if not match:
            continue
        year = int(match.group(1))
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            break
        if kind == PeriodKind.MONTH:
            number = int(match.group(2))
            if not 1 <= number <= 12:
                break
            return Period(dt.date(year, number, 1), kind)
        if kind == PeriodKind.QUARTER:
            return Period(dt.date(year, (int(match.group(2)) - 1) * 3 + 1, 1), kind)
        return Period(dt.date(year, 1, 1), kind)
    raise BadPeriod(
        f"{code!r} is not a period: use YYYY-MM (a month), YYYY-Qn (a quarter, n 1–4) or YYYY "
        f"(a year), between {_MIN_YEAR} and {_MAX_YEAR}."
    )


def current_quarter() -> Period:
    return quarter_of(timezone.localdate())


def current_month() -> Period:
    return month(timezone.localdate())
