"""Imports too big to run while the browser or the API client waits: run by `manage.py
worker`, which may be on another app server (the file waits in the database)."""

from django.tasks import task

from exchange.models import ImportBatch
from exchange.running import run_batch


@task()
def import_run(batch_id: int) -> None:
    # The file is read from the database as the import goes, not loaded whole.
    batch = (
        ImportBatch.objects.select_related("created_by")
        .defer("content")
        .filter(pk=batch_id)
        .first()
    )
    if batch is not None and batch.status == ImportBatch.Status.QUEUED:
        run_batch(batch)
