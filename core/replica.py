"""Reads that may come from a read replica: the dashboard's, which tolerate a little lag.

With DATABASE_REPLICA_URL set, code inside `replica_reads()` reads from the replica; every
write, and every read outside such a block, stays on the primary (so a user always reads what
they just wrote, except on the pages that say they may lag).
"""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
_reading_from_replica = contextvars.ContextVar("relmap_replica_reads", default=False)


@contextlib.contextmanager
def replica_reads():
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    def __init__(self, databases: dict | None = None):
        self.databases = databases

    def db_for_read(self, model, **hints):
        databases = settings.DATABASES if self.databases is None else self.databases
        if _reading_from_replica.get() and REPLICA in databases:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from either is the same row.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
