"""Contact sync: change stamps (`stamps`), cursors (`cursors`), the changes feed (`feed`) and
bulk upsert (`upsert`).

Why not a timestamp or a plain sequence: a row stamped at T1 whose transaction commits at T3 is
invisible to a feed read at T2 < T3; the client's next read asks for rows after T2 and never
sees it. So every contact write stamps its row with the id of the writing transaction
(`txid_current()` on PostgreSQL) and the feed serves only rows stamped below
`pg_snapshot_xmin(pg_current_snapshot())`: every transaction below that horizon has committed
or aborted, so nothing can still appear behind a cursor. On SQLite writes are serialised (one
writer holds the lock from BEGIN IMMEDIATE to COMMIT), so a counter bumped inside the write
transaction is already in commit order and the horizon is simply "one past the counter".

The feed is ordered by (stamp, id). A cursor is that position plus `live_below`: the horizon
of the client's initial sync, below which tombstones are of rows the client never received.
"""

from stakeholders.sync.cursors import Cursor, CursorExpired, InvalidCursor
from stakeholders.sync.feed import (
    CONTACT_SYNC_FIELDS,
    MAX_PAGE,
    ChangesPage,
    contact_stamps_reset,
    contact_tombstones_expire,
    contacts_changed_since,
)
from stakeholders.sync.stamps import current_stamp
from stakeholders.sync.upsert import MAX_BATCH, BulkUpsertResult, Status, contact_upsert_many

__all__ = [
    "CONTACT_SYNC_FIELDS",
    "MAX_BATCH",
    "MAX_PAGE",
    "BulkUpsertResult",
    "ChangesPage",
    "Cursor",
    "CursorExpired",
    "InvalidCursor",
    "Status",
    "contact_stamps_reset",
    "contact_tombstones_expire",
    "contact_upsert_many",
    "contacts_changed_since",
    "current_stamp",
]
