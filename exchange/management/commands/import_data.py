"""`manage.py import_data FILE --kind KIND [--dry-run] [--as USERNAME]`: the import the page and
the API run, from a file on disk, printing the same summary. It runs here and now, however
big the file, with the same rules: the fence of the user it runs as, audit, undo."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from exchange.models import ImportBatch
from exchange.services import import_create

User = get_user_model()


class Command(BaseCommand):
    help = "Import organisations, contacts, relationships, interactions, commitments or issues."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=ImportBatch.Kind.values)
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")
        parser.add_argument(
            "--as", dest="username", help="Import as this user (default: the first admin)."
        )
        parser.add_argument("--create-missing-organisations", action="store_true")
        parser.add_argument(
            "--valid-rows-only", action="store_true", help="Import the valid rows, skip the rest."
        )

    def handle(self, *args, file: Path, kind: str, dry_run: bool, username, **options):
        user = self._user(username)
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        try:
            batch = import_create(
                user=user,
                kind=kind,
                file_name=file.name,
                content=content,
                dry_run=dry_run,
                create_missing_organisations=options["create_missing_organisations"],
                valid_rows_only=options["valid_rows_only"],
                inline=True,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self._print(batch)
        if batch.status == ImportBatch.Status.FAILED:
            raise CommandError(batch.message)

    def _user(self, username):
        users = User.objects.filter(is_active=True)
        user = (
            users.filter(username=username).first()
            if username
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if user is None:
            raise CommandError(f"No active user {username!r}." if username else "No admin user.")
        return user

    def _print(self, batch: ImportBatch) -> None:
        counts = batch.counts
        self.stdout.write(
            f"Import {batch.pk} ({batch.kind}, {batch.rows} rows): {batch.status}"
            f"{' (dry run)' if batch.dry_run else ''}. "
            f"created {counts.get('created', 0)}, updated {counts.get('updated', 0)}, "
            f"unchanged {counts.get('unchanged', 0)}, errors {counts.get('errors', 0)}."
        )
        for error in batch.errors:
            self.stdout.write(f"  row {error['row']}, {error['column']}: {error['message']}")
        if batch.message:
            self.stdout.write(batch.message)
