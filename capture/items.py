"""What capture keeps of a message or an event (`Item`), what it counts instead (`Tally`), and
the text helpers both readers share: addresses, header text, stable keys."""

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.header import decode_header
from email.utils import getaddresses
from itertools import islice

MAX_ADDRESSES = 200

_PART = r"[^@\s<>()\[\],;:\"\x00-\x1f\x7f]+"
_ADDRESS = re.compile(rf"^{_PART}@{_PART}\.{_PART}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Item:
    """One message, or one occurrence of a calendar event."""

    key: str
    kind: str  # "email" | "meeting"
    occurred_at: datetime
    subject: str
    addresses: tuple[str, ...]
    cancelled: bool = False
    # An event's SEQUENCE and DTSTAMP: an older version of what was captured is ignored.
    sequence: int = 0
    stamp: datetime | None = None
    # The recurring series it belongs to (its UID's digest), "" for mail and single events.
    series: str = ""


@dataclass
class Series:
    """A recurring series as one file expanded it: its occurrences' keys since `since`, so
    that those it no longer has (moved, excluded since) are removed."""

    since: datetime
    keys: set[str]
    version: tuple[int, datetime | None]


@dataclass
class Tally:
    """What reading found: items are yielded, the rest is counted here by reason."""

    read: int = 0
    skipped: Counter = field(default_factory=Counter)
    series: dict[str, Series] = field(default_factory=dict)

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] += n


def clean(text: str) -> str:
    """Text fit to store: no control characters (PostgreSQL refuses NUL), no lone surrogates."""
    return _CONTROL.sub("", text.encode("utf-8", "replace").decode("utf-8"))


def header_text(value) -> str:
    """A header's text, its encoded words decoded: a charset Python does not know, or raw
    8-bit bytes, read as UTF-8, else as Windows-1252 (what older mail programs wrote)."""
    if value is None:
        return ""
    try:
        parts = decode_header(value)
    except Exception:  # noqa: BLE001 — HeaderParseError and friends: keep the raw text
        return clean(str(value))
    return clean(
        "".join(
            chunk if isinstance(chunk, str) else _decoded(chunk, charset)
            for chunk, charset in parts
        )
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


def addresses_in(values: Iterable[str]) -> tuple[str, ...]:
    found = dict.fromkeys(
        a for _, raw in getaddresses([str(v) for v in values]) if (a := normalise(raw))
    )
    return tuple(islice(found, MAX_ADDRESSES))


def digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()
