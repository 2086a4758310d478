"""Running an import: the file read a chunk of rows at a time, each chunk written by its
kind, everything in one transaction that is rolled back for a dry run, and for an
all-or-nothing import that met an error. What happened is kept on the batch."""

from collections import defaultdict
from collections.abc import Iterator
from itertools import islice

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from exchange import progress
from exchange.columns import check_mapping, guess_mapping
from exchange.kinds import KINDS
from exchange.kinds.base import CREATED, ERROR, UNCHANGED, UPDATED, Result, Row, Run
from exchange.models import ImportBatch, ImportedRow
from exchange.reading import BadFile, open_table
from exchange.stored import StoredFile
from trust import audit_context

CHUNK = 1000


class Rollback(Exception):
    """Leaves the import's transaction without keeping anything."""


def columns_of(batch: ImportBatch):
    return KINDS[batch.kind].COLUMNS


def read_headers(batch: ImportBatch) -> None:
    """Read the file's header row and guess the mapping (BadFile when it cannot be read)."""
    table = open_table(batch.file_name, bytes(batch.content))
    batch.headers = table.headers
    batch.mapping = guess_mapping(table.headers, columns_of(batch))
    batch.rows = table.total


def mapping_problems(batch: ImportBatch) -> list[str]:
    kind = KINDS[batch.kind]
    problems = check_mapping(batch.mapping, kind.COLUMNS)
    names = getattr(kind, "NAMES", ())
    if names and not set(names) & set(batch.mapping):
        labels = [c.label for c in kind.COLUMNS if c.field in names]
        problems.append(f"No column gives {' or '.join(labels)}, which every row needs.")
    return problems


def _rows(table, mapping: list[str]) -> Iterator[Row]:
    for number, cells in table.rows:
        yield Row(
            number=number,
            cells={field: cells[i] for i, field in enumerate(mapping) if field and i < len(cells)},
        )


class Tally:
    """Counts, errors, the preview's first rows and the undo records of one run."""

    def __init__(self, batch: ImportBatch):
        self.batch = batch
        self.counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0, "errors": 0}
        self.errors: list[dict] = []
        self.preview: list[dict] = []
        self.done = 0
        self.headers = {field: batch.headers[i] for i, field in enumerate(batch.mapping) if field}

    def add(self, results: list[Result]) -> None:
        self.done += len(results)
        for result in results:
            self.counts["errors" if result.outcome == ERROR else result.outcome] += 1
            messages = [
                {"row": result.row.number, "column": self.headers.get(c, c), "message": m}
                for c, m in result.errors
            ]
            room = ImportBatch.MAX_ERRORS - len(self.errors)
            self.errors.extend(messages[: max(room, 0)])
            if len(self.preview) < ImportBatch.PREVIEW_ROWS:
                self.preview.append(
                    {
                        "row": result.row.number,
                        "outcome": result.outcome,
                        "label": result.label[:200],
                        "message": " ".join(
                            f"{m['column']}: {m['message']}" if m["column"] else m["message"]
                            for m in messages
                        ),
                    }
                )

    def record(self, results: list[Result], side_created: list) -> None:
        """Note what this chunk wrote, for undo: the rows created at one moment together,
        each row updated with its values before."""
        created = defaultdict(list)
        written = []
        for obj, before in [(r.written, r.before) for r in results if r.outcome == UPDATED]:
            written.append(_record(self.batch, obj, UPDATED, [obj.pk], before))
        for obj in [r.written for r in results if r.outcome == CREATED] + side_created:
            created[(obj._meta.label_lower, obj.updated_at)].append(obj)
        for objs in created.values():
            written.append(_record(self.batch, objs[0], CREATED, [o.pk for o in objs]))
        side_created.clear()
        ImportedRow.objects.bulk_create(written, batch_size=CHUNK)


def _record(batch, obj, action: str, ids: list, before=None) -> ImportedRow:
    return ImportedRow(
        batch=batch,
        model=obj._meta.label_lower,
        object_ids=ids,
        action=action,
        before=before or {},
        written_at=obj.updated_at,
    )


def run_batch(batch: ImportBatch) -> ImportBatch:
    """Import (or, for a dry run, only check) the batch's file; returns the batch, finished."""
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, progress=0)
    tally = Tally(batch)
    reporter = progress.Progress(batch)
    message = ""
    try:
        table = open_table(batch.file_name, _file(batch))
        problems = mapping_problems(batch)
        if problems:
            raise BadFile(" ".join(problems))
        batch.rows = table.total
        with (
            audit_context.bind(source=f"import:{batch.pk}", user=batch.created_by),
            transaction.atomic(),
        ):
            _import(batch, table, tally, reporter)
            keep = not batch.dry_run and not (tally.counts["errors"] and not batch.valid_rows_only)
            if not keep:
                transaction.set_rollback(True)
    except BadFile as exc:
        message = str(exc)
    except (DatabaseError, ValidationError, PermissionDenied) as exc:
        message = f"The import stopped and changed nothing: {exc}"
    finally:
        reporter.close()
    return _finish(batch, tally, message)


def _file(batch: ImportBatch):
    """The batch's file: its bytes when they were loaded with it, else read from the database
    as the import goes (the worker loads batches without it)."""
    if "content" in batch.get_deferred_fields():
        return lambda: StoredFile.open(batch.pk)
    return bytes(batch.content or b"")


def _import(batch, table, tally: Tally, reporter) -> None:
    kind = KINDS[batch.kind]
    run = Run(
        user=batch.created_by, create_missing_organisations=batch.create_missing_organisations
    )
    rows = _rows(table, batch.mapping)
    while chunk := list(islice(rows, CHUNK)):
        results = kind.import_chunk(run, chunk)
        run.seen.end_chunk()
        tally.add(results)
        tally.record(results, run.side_created)
        reporter.report(tally.done)
    run.seen.close()


def _finish(batch: ImportBatch, tally: Tally, message: str) -> ImportBatch:
    errors = tally.counts["errors"]
    if message:
        status = ImportBatch.Status.FAILED
    elif batch.dry_run:
        status = ImportBatch.Status.DONE
        message = "Checked: nothing was changed." + (
            f" {errors} row{'s' if errors != 1 else ''} would be refused." if errors else ""
        )
    elif errors and not batch.valid_rows_only:
        status = ImportBatch.Status.FAILED
        message = (
            f"Nothing was imported: {errors} row{'s have' if errors != 1 else ' has'} errors. "
            "Correct the file, or choose to import the valid rows only."
        )
    else:
        status = ImportBatch.Status.DONE
        message = "Imported." + (f" {errors} rows with errors were left out." if errors else "")
    batch.status = status
    batch.message = message[:500]
    batch.counts = {
        "created": tally.counts[CREATED],
        "updated": tally.counts[UPDATED],
        "unchanged": tally.counts[UNCHANGED],
        "errors": errors,
    }
    batch.errors = tally.errors
    batch.preview = tally.preview
    batch.progress = tally.done
    batch.rows = tally.done or batch.rows
    batch.finished_at = timezone.now()
    fields = ["status", "message", "counts", "errors", "preview", "progress", "rows", "finished_at"]
    if not batch.dry_run and status == ImportBatch.Status.DONE:
        # The file has served its purpose: the rows it gave are in the database now.
        batch.content = None
        fields.append("content")
    batch.save(update_fields=fields)
    return batch
