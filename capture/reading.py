"""Mail files read into what capture keeps: who took part, when, and the subject; and which
reader a file needs (`read`: mail here, calendars in capture/calendars.py).

Only headers are read. A message's body (attachments included) is skipped line by line as the
file streams past, so a 50,000-message mbox or a 40 MB attachment costs the memory of one
message's headers. Whatever cannot be read (no date, no sender, broken headers) is counted in
`Tally.skipped` with the reason, never raised.
"""

import re
from collections.abc import Iterator
from datetime import UTC
from email import policy
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime
from typing import BinaryIO

from django.utils import timezone

from capture.calendars import calendar_items
from capture.items import Item, Tally, addresses_in, digest, header_text, normalise

__all__ = ["Item", "Tally", "Unreadable", "calendar_items", "mail_item", "normalise", "read"]

MAX_LINE = 64 * 1024
MAX_HEADER_BYTES = 256 * 1024

_HEADER_PARSER = BytesHeaderParser(policy=policy.compat32)


class Unreadable(ValueError):
    """The file is neither mail nor a calendar."""


def kind_of(name: str, head: bytes) -> str:
    """ "ics", "mbox" or "eml", from the file's name and its first bytes."""
    lowered = name.lower()
    start = head.lstrip(b"\xef\xbb\xbf\r\n\t ")[:64]
    if start.upper().startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    if lowered.endswith((".ics", ".ical", ".ifb")):
        raise Unreadable(f"{name} is not a calendar: it does not start with BEGIN:VCALENDAR.")
    if lowered.endswith(".mbox") or start.startswith(b"From "):
        return "mbox"
    if lowered.endswith(".eml") or re.match(rb"^[A-Za-z0-9-]{1,76}:", start):
        return "eml"
    raise Unreadable(
        f"{name or 'The file'} is not an e-mail (.eml), a mailbox (.mbox) or a calendar (.ics)."
    )


def kind_of_stream(stream: BinaryIO, name: str) -> str:
    """`kind_of` a file that is read again afterwards."""
    position = stream.tell()
    head = stream.read(64)
    stream.seek(position)
    return kind_of(name, head)


def read(stream: BinaryIO, name: str, tally: Tally) -> Iterator[Item]:
    """The items of one file, whichever of the three kinds it is."""
    kind = kind_of_stream(stream, name)
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


def mail_item(headers: bytes, tally: Tally) -> Item | None:
    """The item of one message's headers, or None (counted) if it cannot be one."""
    tally.read += 1
    try:
        return _mail_item(headers, tally)
    except Exception:  # noqa: BLE001 — whatever breaks in one message skips that message only
        tally.skip("unreadable headers")
        return None


def _mail_item(headers: bytes, tally: Tally) -> Item | None:
    message = _HEADER_PARSER.parsebytes(headers)
    sender = addresses_in(message.get_all("From", []) + message.get_all("Sender", []))[:1]
    if not sender:
        tally.skip("no sender")
        return None
    try:
        when = parsedate_to_datetime(str(message.get("Date", "")))
        when = when.replace(tzinfo=UTC) if timezone.is_naive(when) else when.astimezone(UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        tally.skip("no readable date")
        return None
    recipients = [*message.get_all("To", []), *message.get_all("Cc", [])]
    recipients += message.get_all("Bcc", [])
    addresses = addresses_in([*sender, *recipients])
    subject = header_text(message.get("Subject"))[:300]
    message_id = header_text(message.get("Message-ID", "")).strip()
    key = digest("mail", message_id or f"{sender[0]}|{when.isoformat()}|{subject}")
    return Item(key, "email", when, subject, addresses)
