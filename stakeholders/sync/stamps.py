"""Change stamps: which write transaction last touched a contact, in commit order.

On PostgreSQL a stamp is the writing transaction's id, and every stamp below
`pg_snapshot_xmin(pg_current_snapshot())` (the horizon) belongs to a transaction that has
committed or aborted. On SQLite one writer at a time bumps a counter under the write lock.
"""

from django.db import connection

_SQLITE_BUMP = (
    "INSERT INTO stakeholders_syncstate (id, counter, expired_stamp, expired_id) "
    "VALUES (1, 1, -1, 0) ON CONFLICT(id) DO UPDATE SET counter = counter + 1 RETURNING counter"
)


def current_stamp() -> int:
    """The change stamp of the current write transaction (one query).

    Must run inside the transaction that writes the stamped rows: on PostgreSQL the stamp is
    that transaction's id, on SQLite a counter bumped under the write lock.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("current_stamp() must be called inside the writing transaction")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT txid_current()")
        else:
            cursor.execute(_SQLITE_BUMP)
        return cursor.fetchone()[0]


def horizon_sql() -> str:
    """SQL for the lowest stamp that may still be in flight: rows below it are all settled."""
    if connection.vendor == "postgresql":
        return "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
    return "(SELECT COALESCE(MAX(counter), 0) + 1 FROM stakeholders_syncstate)"
