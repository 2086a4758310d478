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
