"""`manage.py capture FILE... [--as USERNAME]`: capture .eml, .mbox and .ics files as the
page and the API do, printing what was created, updated, removed, skipped and unmatched."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from capture.matching import Directory
from capture.reading import Unreadable
from capture.services import Outcome, capture_file

User = get_user_model()


class Command(BaseCommand):
    help = "Capture interactions from e-mail (.eml, .mbox) and calendar (.ics) files."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--as", dest="username", help="Who captures (the interactions' logger); none if unset."
        )

    def handle(self, *args, files: list[Path], username, **options):
        by = None
        if username:
            by = User.objects.filter(username=username, is_active=True).first()
            if by is None:
                raise CommandError(f"No active user {username!r}.")
        total = Outcome()
        directory = Directory()
        for path in files:
            try:
                with path.open("rb") as stream:
                    total.add(capture_file(stream, path.name, by=by, directory=directory))
            except OSError as exc:
                raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
            except Unreadable as exc:
                raise CommandError(str(exc)) from None
        self.stdout.write(summary(total))


def summary(outcome: Outcome) -> str:
    counts = outcome.counts()
    lines = [", ".join(f"{n} {name}" for name, n in counts.items())]
    lines += [f"  skipped, {reason}: {n}" for reason, n in outcome.reasons.most_common()]
    return "\n".join(lines)
