"""Bookkeeping of the contact changes feed."""

from django.db import models


class SyncState(models.Model):
    """One row (id 1) of sync bookkeeping, read and written only by `stakeholders/sync/`.

    `counter` numbers write transactions on SQLite (PostgreSQL uses transaction ids);
    `expired_stamp`/`expired_id` is the feed position of the newest tombstone taken out of the
    feed: cursors before it can no longer be served (410).
    """

    counter = models.BigIntegerField(default=0)
    expired_stamp = models.BigIntegerField(default=-1)
    expired_id = models.BigIntegerField(default=0)


class SyncView(models.Model):
    """What one user could see when a changes feed cursor was issued: the top-level
    organisations hidden from them by picket fences.

    A cursor names its view; when the user's view has changed since, the feed sends what left
    it as tombstones and what entered it as live rows (`stakeholders/sync/visibility.py`).
    Views are shared by everyone who sees the same and are never deleted: there are as many as
    there are different ways of being inside or outside the fences.
    """

    digest = models.CharField(max_length=64, unique=True)
    hidden_roots = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"view {self.pk}: {len(self.hidden_roots)} hidden"
