"""Mail and calendar files read into what capture keeps: who took part, when, and the subject.

Only headers are read. A message's body (attachments included) is skipped line by line as the
file streams past, so a 50,000-message mbox or a 40 MB attachment costs the memory of one
message's headers. Whatever cannot be read (no date, no sender, a broken calendar, recurrences
beyond MAX_OCCURRENCES) is counted in `Tally.skipped` with the reason, never raised.
"""

import hashlib
import re
import time as clock
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from email import policy
from email.header import decode_header
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from itertools import islice, takewhile
from typing import BinaryIO

from dateutil.rrule import rrulestr
from django.utils import timezone
from icalendar import Calendar

MAX_LINE = 64 * 1024
MAX_HEADER_BYTES = 256 * 1024
MAX_OCCURRENCES = 500
# Expanding recurrences may take this long per file, then the rest of the file's series count
# only their first occurrence: a rule that never matches (30 February, daily) walks to the
# year 9999 in seconds, and a file can hold thousands of them.
EXPANSION_SECONDS = 10.0
SUB_DAILY = {"SECONDLY", "MINUTELY", "HOURLY"}
MAX_WALK = 50_000
MAX_CALENDAR_ITEMS = 50_000
MAX_ADDRESSES = 200

_HEADER_PARSER = BytesHeaderParser(policy=policy.compat32)
_ADDRESS = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+$")


@dataclass(frozen=True)
class Item:
    """One message, or one occurrence of a calendar event."""

    key: str
    kind: str  # "email" | "meeting"
    occurred_at: datetime
    subject: str
    addresses: tuple[str, ...]
    cancelled: bool = False


@dataclass
class Tally:
    """What reading found: items are yielded, the rest is counted here by reason."""

    read: int = 0
    skipped: Counter = field(default_factory=Counter)

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] += n


class Unreadable(ValueError):
    """The file is neither mail nor a calendar."""


def kind_of(name: str, head: bytes) -> str:
    """ "ics", "mbox" or "eml", from the file's name and its first bytes."""
    lowered = name.lower()
    start = head.lstrip(b"\xef\xbb\xbf\r\n\t ")[:64]
    if lowered.endswith((".ics", ".ical", ".ifb")) or start.upper().startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    if lowered.endswith(".mbox") or start.startswith(b"From "):
        return "mbox"
    if lowered.endswith(".eml") or re.match(rb"^[A-Za-z0-9-]{1,76}:", start):
        return "eml"
    raise Unreadable(
        f"{name or 'The file'} is not an e-mail (.eml), a mailbox (.mbox) or a calendar (.ics)."
    )


def read(stream: BinaryIO, name: str, tally: Tally) -> Iterator[Item]:
    """The items of one file, whichever of the three kinds it is."""
    position = stream.tell()
    head = stream.read(64)
    stream.seek(position)
    kind = kind_of(name, head)
    if kind == "ics":
        yield from calendar_items(stream.read(), tally)
    elif kind == "mbox":
        for headers in mbox_headers(stream):
            if (item := mail_item(headers, tally)) is not None:
                yield item
    else:
        headers = next(mbox_headers(stream, single=True), b"")
        if (item := mail_item(headers, tally)) is not None:
            yield item


def _lines(stream: BinaryIO) -> Iterator[bytes]:
    return iter(lambda: stream.readline(MAX_LINE), b"")


def mbox_headers(stream: BinaryIO, *, single: bool = False) -> Iterator[bytes]:
    """Each message's header block. In an mbox a line starting "From " starts a message (as
    Python's mailbox module reads it: writers escape such lines in bodies as ">From ");
    `single` reads the file as one message (.eml, or one IMAP fetch)."""
    headers: list[bytes] = []
    size = 0
    in_headers = started = single
    whole_line = True
    for line in _lines(stream):
        starts_line = whole_line
        whole_line = line.endswith(b"\n")
        if not single and starts_line and line.startswith(b"From "):
            if started:
                yield b"".join(headers)
            headers, size, in_headers, started = [], 0, True, True
            continue
        if not in_headers:
            continue
        if starts_line and line in (b"\n", b"\r\n"):
            in_headers = False
        elif size < MAX_HEADER_BYTES:
            headers.append(line)
            size += len(line)
    if started:
        yield b"".join(headers)


def _text(value) -> str:
    """A header's text, its encoded words decoded: a charset Python does not know, or raw
    8-bit bytes, read as UTF-8, else as Windows-1252 (what older mail programs wrote)."""
    if value is None:
        return ""
    try:
        parts = decode_header(value)
    except (ValueError, LookupError, UnicodeError, AssertionError, TypeError):
        return str(value)
    return "".join(
        chunk if isinstance(chunk, str) else _decoded(chunk, charset) for chunk, charset in parts
    )


def _decoded(raw: bytes, charset: str | None) -> str:
    for name in (charset, "utf-8"):
        if name and name != "unknown-8bit":
            try:
                return raw.decode(name)
            except (LookupError, UnicodeDecodeError):
                continue
    return raw.decode("cp1252", "replace")


def normalise(address: str) -> str | None:
    """Lower case, plus-addressing dropped (anna+news@x → anna@x); None if not an address."""
    address = address.strip().strip("<>").lower()
    if address.startswith("mailto:"):
        address = address[7:]
    if not _ADDRESS.match(address) or len(address) > 254:
        return None
    local, _, domain = address.rpartition("@")
    return f"{local.split('+', 1)[0] or local}@{domain}"


def _addresses(values: Iterable[str]) -> tuple[str, ...]:
    found = dict.fromkeys(
        a for _, raw in getaddresses([str(v) for v in values]) if (a := normalise(raw))
    )
    return tuple(islice(found, MAX_ADDRESSES))


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()


def mail_item(headers: bytes, tally: Tally) -> Item | None:
    """The item of one message's headers, or None (counted) if it cannot be one."""
    tally.read += 1
    try:
        message = _HEADER_PARSER.parsebytes(headers)
    except Exception:  # noqa: BLE001 — any parser failure is one unreadable message
        tally.skip("unreadable headers")
        return None
    sender = _addresses(message.get_all("From", []) + message.get_all("Sender", []))[:1]
    if not sender:
        tally.skip("no sender")
        return None
    try:
        when = parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError, OverflowError):
        tally.skip("no readable date")
        return None
    when = when.replace(tzinfo=UTC) if timezone.is_naive(when) else when.astimezone(UTC)
    recipients = [*message.get_all("To", []), *message.get_all("Cc", [])]
    recipients += message.get_all("Bcc", [])
    addresses = _addresses([*sender, *recipients])
    subject = _text(message.get("Subject"))[:300]
    message_id = str(message.get("Message-ID", "")).strip()
    key = _digest("mail", message_id or f"{sender[0]}|{when.isoformat()}|{subject}")
    return Item(key, "email", when, subject, addresses)


# Calendars


def _local(value) -> datetime | None:
    """A DTSTART, RECURRENCE-ID or EXDATE as an aware datetime in its own time zone (a
    floating time in ours; an all-day date starts at midnight)."""
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
    return _addresses(([str(organizer)] if organizer else []) + present)


def calendar_items(data: bytes, tally: Tally) -> Iterator[Item]:
    """Each event of a calendar; a recurring one as each of its occurrences until now (at
    most MAX_OCCURRENCES: the rest of a "calendar bomb" is counted, not expanded)."""
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError, UnicodeError):
        tally.skip("unreadable calendar")
        return
    now = timezone.now()
    deadline = clock.monotonic() + EXPANSION_SECONDS
    produced = 0
    for calendar in calendars:
        cancelling = str(calendar.get("METHOD", "")).upper() == "CANCEL"
        events = list(calendar.walk("VEVENT"))
        overridden = {
            (str(e.get("UID")), _moment(e.decoded("RECURRENCE-ID")))
            for e in events
            if e.get("RECURRENCE-ID") is not None and e.get("UID") is not None
        }
        for event in events:
            for item in _event_items(event, cancelling, overridden, now, deadline, tally):
                if produced >= MAX_CALENDAR_ITEMS:
                    tally.skip(f"events beyond {MAX_CALENDAR_ITEMS:,} in one calendar")
                    continue
                produced += 1
                yield item


def _event_items(event, cancelling, overridden, now, deadline, tally) -> Iterator[Item]:
    tally.read += 1
    uid = str(event.get("UID", "")).strip()
    try:
        start = _local(event.decoded("DTSTART"))
        recurrence_id = (
            _moment(event.decoded("RECURRENCE-ID")) if event.get("RECURRENCE-ID") else None
        )
    except (KeyError, ValueError, TypeError):
        start = None
    if not uid or start is None:
        tally.skip("event without UID or start")
        return
    cancelled = cancelling or str(event.get("STATUS", "")).upper() == "CANCELLED"
    subject = _text(event.get("SUMMARY"))[:300]
    addresses = _event_addresses(event)

    def item(at: datetime, occurrence: datetime | None) -> Item:
        rid = occurrence.astimezone(UTC).isoformat() if occurrence else ""
        return Item(_digest("event", uid, rid), "meeting", at, subject, addresses, cancelled)

    if recurrence_id is not None or event.get("RRULE") is None:
        yield item(start.astimezone(UTC), recurrence_id)
        return
    # Recurrences are expanded in the event's own time zone (a 10:00 meeting stays at 10:00
    # after the clocks change), then kept in UTC.
    for local in _occurrences(event, start, now, deadline, tally):
        occurrence = local.astimezone(UTC)
        if (uid, occurrence) not in overridden:
            yield item(occurrence, occurrence)


def _occurrences(event, start, now, deadline, tally: Tally) -> Iterator[datetime]:
    frequency = str(event.get("RRULE").get("FREQ", [""])[0]).upper()
    if frequency in SUB_DAILY:
        tally.skip("recurrences more often than daily (only the first is kept)")
        yield start
        return
    if clock.monotonic() > deadline:
        tally.skip("recurrences not expanded (the calendar took too long)")
        yield start
        return
    try:
        rule = rrulestr(event.get("RRULE").to_ical().decode(), dtstart=start, forceset=True)
        for exdate in (
            event.get("EXDATE", [])
            if isinstance(event.get("EXDATE"), list)
            else [event.get("EXDATE")]
        ):
            for excluded in getattr(exdate, "dts", []) if exdate is not None else []:
                if (moment := _moment(excluded.dt)) is not None:
                    rule.exdate(moment)
        # The latest MAX_OCCURRENCES until now (a daily series since 2000 is 9,800).
        past = deque(maxlen=MAX_OCCURRENCES)
        seen = 0
        for occurrence in islice(takewhile(lambda o: o <= now, rule), MAX_WALK):
            past.append(occurrence)
            seen += 1
    except (ValueError, TypeError, OverflowError):
        tally.skip("unreadable recurrence rule")
        yield start
        return
    if seen > MAX_OCCURRENCES:
        tally.skip(f"recurrences beyond the latest {MAX_OCCURRENCES} of one event", 1)
    yield from past
