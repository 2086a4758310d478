"""Imports, started from the page, the API or the command alike: a file is checked (a dry
run) or imported, small files at once, big ones by the background worker; an import that
changed data can be undone."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from exchange import tasks
from exchange.models import ImportBatch
from exchange.reading import BadFile
from exchange.running import mapping_problems, read_headers, run_batch
from exchange.undo import batch_undo


def _limit(name: str, default: int) -> int:
    return getattr(settings, name, default)


def import_create(
    *,
    user,
    kind: str,
    file_name: str,
    content: bytes,
    dry_run: bool = True,
    create_missing_organisations: bool = False,
    valid_rows_only: bool = False,
    inline: bool = False,
) -> ImportBatch:
    """Keep the file, read its headers, guess which column holds what, and start the run
    (`inline`: here and now, whatever the file's size).

    A file that cannot be read as a spreadsheet is a ValidationError and nothing is kept.
    """
    if kind not in ImportBatch.Kind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(ImportBatch.Kind.values)}."})
    max_bytes = _limit("RELMAP_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
    if len(content) > max_bytes:
        raise ValidationError(
            {"file": f"The file is larger than {max_bytes // (1024 * 1024)} MB: split it."}
        )
    batch = ImportBatch(
        created_by=user,
        kind=kind,
        file_name=(file_name or "import")[-255:],
        content=content,
        dry_run=dry_run,
        create_missing_organisations=create_missing_organisations,
        valid_rows_only=valid_rows_only,
    )
    try:
        read_headers(batch)
    except BadFile as exc:
        raise ValidationError({"file": str(exc)}) from None
    batch.save()
    return import_start(batch=batch, inline=inline)


def import_start(*, batch: ImportBatch, inline: bool = False) -> ImportBatch:
    """Run now when the file is small (or `inline`), else queue it for the worker."""
    batch.status = ImportBatch.Status.QUEUED
    batch.progress = 0
    batch.save(update_fields=["status", "progress", "dry_run", "mapping"])
    if inline or len(batch.content) <= _limit("RELMAP_IMPORT_INLINE_BYTES", 256 * 1024):
        return run_batch(batch)
    tasks.import_run.enqueue(batch.pk)
    return batch


def import_remap(*, batch: ImportBatch, mapping: list[str]) -> ImportBatch:
    """Check the file again with another column mapping."""
    _require_pending(batch)
    if len(mapping) != len(batch.headers):
        raise ValidationError("Give a field (or none) for each column of the file.")
    batch.mapping = mapping
    problems = mapping_problems(batch)
    if problems:
        raise ValidationError(problems)
    batch.dry_run = True
    return import_start(batch=batch)


def import_commit(*, batch: ImportBatch) -> ImportBatch:
    """Import, for real, a file that was checked."""
    _require_pending(batch)
    batch.dry_run = False
    return import_start(batch=batch)


def _require_pending(batch: ImportBatch) -> None:
    if not batch.dry_run or batch.content is None or not batch.is_finished:
        raise ValidationError("This import has already run; start a new one.")


@transaction.atomic
def import_undo(*, batch: ImportBatch, user) -> ImportBatch:
    """Remove what the import created and put back what it changed, except rows changed
    since (they are listed on the batch)."""
    return batch_undo(batch=batch, user=user)
