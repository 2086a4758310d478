"""The contact changes feed: every change after a cursor, oldest first, as the user may see it."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL

from stakeholders.models import Contact, SyncState
from stakeholders.sync import visibility
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

    Without `since`, the live contacts the user may see (the initial sync); with it, every
    contact written after it, deleted ones as tombstones. When what the user may see has
    changed since `since` was issued, the contacts whose visibility changed come first
    (`stakeholders/sync/visibility.py`). Raises CursorExpired when changes after `since` can
    no longer all be served.
    """
    if not 1 <= limit <= MAX_PAGE:
        raise ValueError(f"limit must be between 1 and {MAX_PAGE}")
    hidden = visibility.hidden_roots(user)
    if since is None:
        view, _ = visibility.views_for(hidden)
        return _stream(
            hidden, Cursor(stamp=-1, id=0, live_below=0, view=view.pk), limit, initial=True
        )
    _check_servable(since)
    view, known = visibility.views_for(hidden, known=(since.view, since.pending, since.resend))
    if any(pk and pk not in known for pk in (since.view, since.pending, since.resend)):
        raise CursorExpired
    if view.pk == since.view and not since.pending:
        return _stream(hidden, since, limit, initial=False)
    before = set(known[since.view].hidden_roots)
    resend = set(known[since.resend].hidden_roots) if since.resend else set()
    after = since.pending_after
    if since.pending != view.pk:
        # The view changed again before the last round ended: the client may hold rows of
        # that round for its organisations, so they are sent again, in a new round.
        if since.pending:
            resend |= before ^ set(known[since.pending].hidden_roots)
        after = 0
    resend_view = visibility.view_of(sorted(resend)).pk if resend else 0
    changed = (before ^ set(hidden)) | resend
    return _changed_visibility(changed, hidden, since, view.pk, resend_view, after, limit)


def _changed_visibility(
    changed: set[int], now, since, view: int, resend: int, after: int, limit: int
) -> ChangesPage:
    """The contacts of the organisations in `changed`, by id after `after`: tombstones for
    those now hidden (deleted ones included: the client may hold them), live rows for the live
    ones now visible."""
    left = changed & set(now)
    rows = list(
        Contact.objects.filter(organisation__root_id__in=changed, pk__gt=after)
        .filter(Q(organisation__root_id__in=left) | Q(deleted_at__isnull=True))
        .order_by("pk")
        .values(*CONTACT_SYNC_FIELDS, "deleted_at", root=F("organisation__root_id"))[: limit + 1]
    )
    done = len(rows) <= limit
    rows = rows[:limit]
    for row in rows:
        row["deleted"] = row.pop("deleted_at") is not None or row.pop("root") in left
        row.pop("root", None)
    position = {"stamp": since.stamp, "id": since.id, "live_below": since.live_below}
    if done:
        next_cursor = Cursor(**position, view=view)
    else:
        next_cursor = Cursor(
            **position,
            view=since.view,
            pending=view,
            pending_after=rows[-1]["id"],
            resend=resend,
        )
    # The changes after the cursor's position follow on the next page.
    return ChangesPage(rows=rows, next_cursor=next_cursor, has_more=True)


def _stream(hidden: list[int], position: Cursor, limit: int, *, initial: bool) -> ChangesPage:
    """The contacts written after `position`, in (stamp, id) order, as `hidden` leaves them."""
    table = Contact._meta.db_table
    horizon = horizon_sql()
    queryset = Contact.objects.filter(
        # A row-value comparison lets the (sync_txid, id) index find the position directly.
        RawSQL(
            f'("{table}"."sync_txid", "{table}"."id") > (%s, %s)',
            (position.stamp, position.id),
            output_field=BooleanField(),
        ),
        sync_txid__lt=RawSQL(horizon, ()),
    )
    if hidden and initial:
        queryset = queryset.exclude(organisation__root_id__in=hidden)
    elif hidden:
        # Behind a fence: left out, unless it moved there since the client last read (it may
        # hold the contact from before: a tombstone tells it to let go).
        # "Since": after the position (stamp, id), so a page that ends among the rows one
        # move stamped does not lose the rest of them.
        moved = (
            Q(moved_stamp__gt=position.stamp) | Q(moved_stamp=position.stamp, id__gt=position.id)
        ) & Q(moved_stamp__gte=position.live_below)
        queryset = queryset.filter(~Q(organisation__root_id__in=hidden) | moved)
    if initial:
        queryset = queryset.filter(deleted_at__isnull=True)
    elif position.live_below > position.stamp:
        queryset = queryset.filter(
            Q(deleted_at__isnull=True) | Q(sync_txid__gte=position.live_below)
        )
    rows = list(
        queryset.annotate(horizon=RawSQL(horizon, ()))
        .order_by("sync_txid", "id")
        .values(
            *CONTACT_SYNC_FIELDS,
            "deleted_at",
            "sync_txid",
            "horizon",
            root=F("organisation__root_id"),
        )[: limit + 1]
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    if not initial:
        live_below = position.live_below
    elif rows:
        live_below = rows[0]["horizon"]
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {horizon}")
            live_below = cursor.fetchone()[0]
    last = (rows[-1]["sync_txid"], rows[-1]["id"]) if rows else (position.stamp, position.id)
    next_cursor = Cursor(stamp=last[0], id=last[1], live_below=live_below, view=position.view)
    hidden_set = set(hidden)
    for row in rows:
        row["deleted"] = row.pop("deleted_at") is not None or row.pop("root") in hidden_set
        row.pop("root", None)
        del row["sync_txid"], row["horizon"]
    return ChangesPage(rows=rows, next_cursor=next_cursor, has_more=has_more)


@transaction.atomic
def contact_stamps_reset() -> int:
    """After restoring a dump into a new PostgreSQL cluster, whose transaction ids start low
    again: put every contact back at the start of the feed and forget expired positions. Every
    client's cursor is then above the new horizon and gets 410, so each resyncs from scratch."""
    count = Contact.objects.exclude(sync_txid=None).update(sync_txid=0, moved_stamp=None)
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
