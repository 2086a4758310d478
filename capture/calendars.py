"""Calendars (.ics) read into what capture keeps: each event's organiser and attendees (but
those who declined), its start, its subject, its version (SEQUENCE, DTSTAMP) and whether it
is cancelled; a recurring event as each of its occurrences until now.

Calendars come from many programs and some are hostile: whatever cannot be read is counted
with its reason, never raised. Bounds: the latest MAX_OCCURRENCES of a series; a series
repeating more often than daily is kept once; expanding rules stops after EXPANSION_SECONDS a
file (a rule that never matches, such as 30 February, walks to the year 9999); a calendar
gives at most MAX_CALENDAR_ITEMS occurrences.
"""

import time as clock
from collections import deque
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice, takewhile

from dateutil.rrule import rrulestr
from django.utils import timezone
from icalendar import Calendar
from icalendar.prop import vDDDTypes

from capture.items import Item, Series, Tally, addresses_in, digest, header_text

MAX_OCCURRENCES = 500
EXPANSION_SECONDS = 10.0
MAX_WALK = 50_000
MAX_CALENDAR_ITEMS = 50_000
DAILY = timedelta(hours=20)
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)


def calendar_items(data: bytes, tally: Tally) -> Iterator[Item]:
    """Each event of a calendar, one broken event skipping only itself."""
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except Exception:  # noqa: BLE001 — any parser failure is one unreadable file
        tally.skip("unreadable calendar")
        return
    now = timezone.now()
    deadline = clock.monotonic() + EXPANSION_SECONDS
    produced = 0
    for calendar in calendars:
        cancelling = str(calendar.get("METHOD", "")).upper() == "CANCEL"
        events = list(calendar.walk("VEVENT"))
        overridden = set(filter(None, map(_override, events)))
        for event in events:
            tally.read += 1
            try:
                items = list(_event_items(event, cancelling, overridden, now, deadline, tally))
            except Exception:  # noqa: BLE001 — one broken event is one skipped event
                tally.skip("unreadable event")
                continue
            for item in items:
                if produced >= MAX_CALENDAR_ITEMS:
                    tally.skip(f"events beyond {MAX_CALENDAR_ITEMS:,} in one calendar")
                    continue
                produced += 1
                yield item


def _override(event) -> tuple[str, datetime] | None:
    """(UID, RECURRENCE-ID in UTC) of an event that replaces one occurrence of a series."""
    try:
        if event.get("RECURRENCE-ID") is None or event.get("UID") is None:
            return None
        return str(event.get("UID")).strip(), _moment(event.decoded("RECURRENCE-ID"))
    except Exception:  # noqa: BLE001 — a broken override is skipped with its event
        return None


def _local(value) -> datetime | None:
    """A DTSTART, RECURRENCE-ID or UNTIL as an aware datetime in its own time zone (a floating
    time in ours; an all-day date starts at midnight)."""
    if isinstance(value, datetime):
        return timezone.make_aware(value) if timezone.is_naive(value) else value
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time()))
    return None


def _moment(value) -> datetime | None:
    """The same in UTC: Python subtracts two times of one tzinfo as wall-clock times, an hour
    out across a change of daylight saving time (the decay between two meetings, say)."""
    local = _local(value)
    return local.astimezone(UTC) if local is not None else None


def _event_addresses(event) -> tuple[str, ...]:
    attendees = event.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    present = [
        str(a) for a in attendees if str(getattr(a, "params", {}).get("PARTSTAT", "")) != "DECLINED"
    ]
    organizer = event.get("ORGANIZER")
    return addresses_in(([str(organizer)] if organizer else []) + present)


def _version(event) -> tuple[int, datetime | None]:
    try:
        sequence = max(0, int(str(event.get("SEQUENCE", 0))))
    except ValueError:
        sequence = 0
    stamp = event.get("DTSTAMP")
    return sequence, _moment(event.decoded("DTSTAMP")) if stamp is not None else None


def _event_items(event, cancelling, overridden, now, deadline, tally) -> Iterator[Item]:
    uid = str(event.get("UID", "")).strip()
    start = _local(event.decoded("DTSTART")) if event.get("DTSTART") is not None else None
    if not uid or start is None:
        tally.skip("event without UID or start")
        return
    recurrence_id = _override(event)
    cancelled = cancelling or str(event.get("STATUS", "")).upper() == "CANCELLED"
    subject = header_text(event.get("SUMMARY"))[:300]
    addresses = _event_addresses(event)
    sequence, stamp = _version(event)

    series = digest("series", uid)

    def item(at: datetime, occurrence: datetime | None, in_series: bool) -> Item:
        rid = occurrence.isoformat() if occurrence else ""
        key = digest("event", uid, rid)
        return Item(
            key,
            "meeting",
            at,
            subject,
            addresses,
            cancelled,
            sequence,
            stamp,
            series if in_series else "",
        )

    if recurrence_id is not None or event.get("RRULE") is None:
        rid = recurrence_id[1] if recurrence_id else None
        yield item(start.astimezone(UTC), rid, in_series=rid is not None)
        return
    # Recurrences are expanded in the event's own time zone (a 10:00 meeting stays at 10:00
    # after the clocks change), then kept in UTC.
    occurrences, expanded = _occurrences(event, start, now, deadline, tally)
    made = [
        item(o, o, in_series=True)
        for o in (local.astimezone(UTC) for local in occurrences)
        if (uid, o) not in overridden
    ]
    if expanded:
        overrides = {digest("event", u, rid.isoformat()) for u, rid in overridden if u == uid}
        # The whole series, or (when only its latest occurrences were kept) from the first.
        truncated = len(occurrences) >= MAX_OCCURRENCES
        since = occurrences[0].astimezone(UTC) if truncated else EARLIEST
        tally.series[series] = Series(since, {i.key for i in made} | overrides, (sequence, stamp))
    yield from made


def _rule(event, start: datetime):
    """The event's recurrence set (EXDATEs applied) and its UNTIL as a moment, or None when
    the rule cannot be expanded. UNTIL is applied here, not by dateutil, which refuses an
    all-day UNTIL or a floating one beside a zoned start (as Google and Outlook write them)."""
    prop = event.get("RRULE")
    if isinstance(prop, list) or prop is None:
        return None, None
    parts = dict(p.split("=", 1) for p in prop.to_ical().decode().upper().split(";") if "=" in p)
    if int(parts.get("INTERVAL", "1")) < 1:
        return None, None
    raw_until = parts.pop("UNTIL", None)
    until = _until(vDDDTypes.from_ical(raw_until), start) if raw_until else None
    rule = rrulestr(";".join(f"{k}={v}" for k, v in parts.items()), dtstart=start, forceset=True)
    exdates = event.get("EXDATE", [])
    for exdate in exdates if isinstance(exdates, list) else [exdates]:
        for excluded in getattr(exdate, "dts", []):
            if (moment := _local(excluded.dt)) is not None:
                rule.exdate(moment)
    return rule, until


def _until(value, start: datetime) -> datetime:
    """UNTIL as a moment: a floating time in the start's zone; an all-day UNTIL includes its
    whole day."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=start.tzinfo) if value.tzinfo is None else value
    return datetime.combine(value + timedelta(days=1), time(), tzinfo=start.tzinfo)


def _occurrences(event, start, now, deadline, tally: Tally) -> tuple[list[datetime], bool]:
    """The latest MAX_OCCURRENCES occurrences until now (a daily series since 2000 is 9,800),
    and whether the rule was expanded (False: only the first is kept, for the reason told)."""
    if clock.monotonic() > deadline:
        tally.skip("recurrences not expanded (the calendar took too long)")
        return [start], False
    try:
        rule, until = _rule(event, start)
        if rule is None:
            raise ValueError("no usable rule")
        limit = min(now, until) if until else now
        first_two = list(islice(rule, 2))
        if len(first_two) == 2 and first_two[1] - first_two[0] < DAILY:
            tally.skip("recurrences more often than daily (only the first is kept)")
            return [start], False
        past = deque(maxlen=MAX_OCCURRENCES)
        seen = 0
        for occurrence in islice(takewhile(lambda o: o <= limit, rule), MAX_WALK):
            past.append(occurrence)
            seen += 1
    except (ValueError, TypeError, OverflowError, KeyError, AttributeError):
        tally.skip("unreadable recurrence rule")
        return [start], False
    if seen > MAX_OCCURRENCES:
        tally.skip(f"recurrences beyond the latest {MAX_OCCURRENCES} of one event")
    return list(past), True
