"""The contact changes feed: every change after a cursor, oldest first, as the user may see it."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from stakeholders import access
from stakeholders.models import Contact, SyncState
from stakeholders.sync.cursors import Cursor, CursorExpired
from stakeholders.sync.stamps import horizon_sql

MAX_PAGE = 1000

# The contract's contact fields (docs/api.md, "Contact sync"), in order.
CONTACT_SYNC_FIELDS = (
    "id",
    "external_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "job_title",
    "organisation",
    "seniority",
    "influence",
    "notes",
    "consent_marketing",
    "version",
    "created_at",
    "updated_at",
)


@dataclass
class ChangesPage:
    rows: list[dict]  # contract fields plus "deleted"
    next_cursor: Cursor
    has_more: bool


def _check_servable(since: Cursor) -> None:
    """Raise CursorExpired unless every change after `since` can still be served (one query)."""
    state = SyncState._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT expired_stamp FROM {state} WHERE id = 1),"
            f" (SELECT expired_id FROM {state} WHERE id = 1), {horizon_sql()}"
        )
        expired_stamp, expired_id, horizon = cursor.fetchone()
    # Every cursor this server issued is below its horizon, which only grows: one at or above it
    # comes from before a restore into a new PostgreSQL cluster (transaction ids start again).
    if since.stamp >= horizon:
        raise CursorExpired
    # Tombstones below live_below are of rows the client never had: missing them is harmless.
    if (
        expired_stamp is not None
        and (since.stamp, since.id) < (expired_stamp, expired_id)
        and expired_stamp >= since.live_below
    ):
        raise CursorExpired


def contacts_changed_since(*, user, since: Cursor | None, limit: int) -> ChangesPage:
    """One page of the changes feed for `user`, oldest change first.

    Without `since`, the live contacts (the initial sync); with it, every contact written after
    it, deleted ones as tombstones. Raises CursorExpired when tombstones after `since` have
    been expired from the feed.
    """
    if not 1 <= limit <= MAX_PAGE:
        raise ValueError(f"limit must be between 1 and {MAX_PAGE}")
    if since is not None:
        _check_servable(since)
    table = Contact._meta.db_table
    horizon = horizon_sql()
    position = since or Cursor(stamp=-1, id=0, live_below=0)
    queryset = access.filter_fenced(Contact.objects.all(), user, "organisation__root_id")
    queryset = queryset.filter(
        # A row-value comparison lets the (sync_txid, id) index find the position directly.
        RawSQL(
            f'("{table}"."sync_txid", "{table}"."id") > (%s, %s)',
            (position.stamp, position.id),
            output_field=BooleanField(),
        ),
        sync_txid__lt=RawSQL(horizon, ()),
    )
    if since is None:
        queryset = queryset.filter(deleted_at__isnull=True)
    elif since.live_below > since.stamp:
        queryset = queryset.filter(Q(deleted_at__isnull=True) | Q(sync_txid__gte=since.live_below))
    rows = list(
        queryset.annotate(horizon=RawSQL(horizon, ()))
        .order_by("sync_txid", "id")
        .values(*CONTACT_SYNC_FIELDS, "deleted_at", "sync_txid", "horizon")[: limit + 1]
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    if since is not None:
        live_below = since.live_below
    elif rows:
        live_below = rows[0]["horizon"]
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {horizon}")
            live_below = cursor.fetchone()[0]
    if rows:
        last = rows[-1]
        next_cursor = Cursor(stamp=last["sync_txid"], id=last["id"], live_below=live_below)
    else:
        next_cursor = Cursor(stamp=position.stamp, id=position.id, live_below=live_below)
    for row in rows:
        row["deleted"] = row.pop("deleted_at") is not None
        del row["sync_txid"], row["horizon"]
    return ChangesPage(rows=rows, next_cursor=next_cursor, has_more=has_more)


@transaction.atomic
def contact_stamps_reset() -> int:
    """After restoring a dump into a new PostgreSQL cluster, whose transaction ids start low
    again: put every contact back at the start of the feed and forget expired positions. Every
    client's cursor is then above the new horizon and gets 410, so each resyncs from scratch."""
    count = Contact.objects.exclude(sync_txid=None).update(sync_txid=0)
    SyncState.objects.filter(pk=1).update(expired_stamp=-1, expired_id=0)
    return count


@transaction.atomic
def contact_tombstones_expire(*, deleted_before: datetime) -> int:
    """Take tombstones deleted before `deleted_before` out of the feed; returns how many.

    The rows stay (history and interactions still point at them). Cursors from before the
    newest expired tombstone get 410 from then on: their client could miss a deletion.
    """
    expiring = Contact.objects.filter(deleted_at__lt=deleted_before, sync_txid__isnull=False)
    newest = expiring.order_by("-sync_txid", "-id").values_list("sync_txid", "id").first()
    if newest is None:
        return 0
    count = expiring.update(sync_txid=None)
    state, _ = SyncState.objects.select_for_update().get_or_create(pk=1)
    if newest > (state.expired_stamp, state.expired_id):
        state.expired_stamp, state.expired_id = newest
        state.save(update_fields=["expired_stamp", "expired_id"])
    return count
