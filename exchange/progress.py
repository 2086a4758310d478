"""How far a running import has got, told from outside its transaction.

An import writes everything in one transaction (so that it is all or nothing), which nobody
else sees until it commits. Its progress is written to the batch's row through a second
connection that commits each report at once. On SQLite one writer holds the whole database
until commit, and an import already inside another transaction (a request's) holds the batch
row itself: there progress is only known at the end.
"""

from django.db import DEFAULT_DB_ALIAS, connection, connections

from exchange.models import ImportBatch

# Report at most this often (in rows): each report is one small UPDATE.
EVERY = 1000


class Progress:
    def __init__(self, batch: ImportBatch):
        self.batch_id = batch.pk
        self.side = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        self.reported = 0

    def report(self, done: int) -> None:
        if self.side is None or done - self.reported < EVERY:
            return
        self.reported = done
        table = ImportBatch._meta.db_table
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET progress = %s WHERE id = %s",  # noqa: S608
                [done, self.batch_id],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
