"""Feed cursors: a position in the feed, signed so that a client cannot forge one."""

import base64
import hmac
import struct
from dataclasses import dataclass

from django.utils.crypto import salted_hmac

_CURSOR_VERSION = 1
_CURSOR_STRUCT = struct.Struct(">Bqqq")
_CURSOR_MAC_BYTES = 16
_CURSOR_SALT = "relmap.stakeholders.sync.cursor"


class InvalidCursor(ValueError):
    """The cursor was not issued by this server (malformed or tampered with)."""


class CursorExpired(Exception):
    """The cursor is genuine but the changes after it are no longer all available."""


@dataclass(frozen=True)
class Cursor:
    stamp: int
    id: int
    live_below: int

    def encode(self) -> str:
        payload = _CURSOR_STRUCT.pack(_CURSOR_VERSION, self.stamp, self.id, self.live_below)
        mac = salted_hmac(_CURSOR_SALT, payload, algorithm="sha256").digest()
        raw = payload + mac[:_CURSOR_MAC_BYTES]
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except (ValueError, TypeError):
            raise InvalidCursor("The cursor is not valid base64.") from None
        if len(raw) != _CURSOR_STRUCT.size + _CURSOR_MAC_BYTES:
            raise InvalidCursor("The cursor has the wrong length.")
        payload, mac = raw[: _CURSOR_STRUCT.size], raw[_CURSOR_STRUCT.size :]
        expected = salted_hmac(_CURSOR_SALT, payload, algorithm="sha256").digest()
        if not hmac.compare_digest(mac, expected[:_CURSOR_MAC_BYTES]):
            raise InvalidCursor("The cursor was not issued by this server.")
        version, stamp, pk, live_below = _CURSOR_STRUCT.unpack(payload)
        if version != _CURSOR_VERSION:
            raise InvalidCursor("The cursor version is not supported.")
        return cls(stamp=stamp, id=pk, live_below=live_below)
