"""Feed cursors: a position in the feed and the view it was read with, signed so that a client
cannot forge one."""

import base64
import hmac
import struct
from dataclasses import dataclass

from django.utils.crypto import salted_hmac

_CURSOR_VERSION = 2
# Version 1 carried no view: its clients resync (410), as after any expired cursor.
_V1 = struct.Struct(">Bqqq")
_V2 = struct.Struct(">Bqqqqqqq")
_CURSOR_MAC_BYTES = 16
_CURSOR_SALT = "relmap.stakeholders.sync.cursor"


class InvalidCursor(ValueError):
    """The cursor was not issued by this server (malformed or tampered with)."""


class CursorExpired(Exception):
    """The cursor is genuine but the changes after it are no longer all available."""


@dataclass(frozen=True)
class Cursor:
    """Where a client is in the feed.

    `stamp`, `id`: the last change read; `live_below`: the horizon of the client's initial
    sync, below which tombstones are of rows it never received; `view`: the SyncView (what
    the user could see) its replica reflects; `pending`, `pending_after`: while the client is
    being brought from `view` to the view `pending`, the last contact id sent so far;
    `resend`: a SyncView of further organisations whose contacts that round sends again (the
    client may hold some of them from a round the view's change cut short).
    """

    stamp: int
    id: int
    live_below: int
    view: int = 0
    pending: int = 0
    pending_after: int = 0
    resend: int = 0

    def encode(self) -> str:
        payload = _V2.pack(
            _CURSOR_VERSION,
            self.stamp,
            self.id,
            self.live_below,
            self.view,
            self.pending,
            self.pending_after,
            self.resend,
        )
        mac = salted_hmac(_CURSOR_SALT, payload, algorithm="sha256").digest()
        raw = payload + mac[:_CURSOR_MAC_BYTES]
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        """The cursor `text` encodes; InvalidCursor if this server did not issue it,
        CursorExpired if it did but in a form it no longer serves."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except (ValueError, TypeError):
            raise InvalidCursor("The cursor is not valid base64.") from None
        layout = {_V1.size + _CURSOR_MAC_BYTES: _V1, _V2.size + _CURSOR_MAC_BYTES: _V2}.get(
            len(raw)
        )
        if layout is None:
            raise InvalidCursor("The cursor has the wrong length.")
        payload, mac = raw[: layout.size], raw[layout.size :]
        expected = salted_hmac(_CURSOR_SALT, payload, algorithm="sha256").digest()
        if not hmac.compare_digest(mac, expected[:_CURSOR_MAC_BYTES]):
            raise InvalidCursor("The cursor was not issued by this server.")
        version, *fields = layout.unpack(payload)
        if (version, layout) == (1, _V1):
            raise CursorExpired
        if (version, layout) != (_CURSOR_VERSION, _V2):
            raise InvalidCursor("The cursor version is not supported.")
        return cls(*fields)
