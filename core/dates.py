"""One way to write a date and a moment everywhere Relmap shows one: "5 Dec 2026" and
"5 Dec 2026, 14:05" (in TIME_ZONE). Pages mark them up as <time> elements, which
core/static/core/dates.js rewrites in the reader's own locale when the browser says which."""

import datetime as dt

from django.utils import timezone

DAY = "%-d %b %Y"
MOMENT = "%-d %b %Y, %H:%M"


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_day(value) -> str:
    """`value` (a date or a datetime) as its day: "5 Dec 2026"; "" for None."""
    return "" if value is None else _local(value).strftime(DAY)


def format_moment(value) -> str:
    """`value` (a datetime) as day and time: "5 Dec 2026, 14:05"; a plain date as its day."""
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):
        return format_day(value)
    return _local(value).strftime(MOMENT)


def format_window(start, end) -> str:
    """A span of days: "21 Nov 2026 – 10 Jan 2027"."""
    return f"{format_day(start)} – {format_day(end)}"
