"""`manage.py send_digests [--user USERNAME] [--dry-run]`: the weekly digest (relmap/digests.py)
to each active person with an e-mail address who has not turned it off."""

import smtplib

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from notifications.services import preferences_for
from relmap import digests


class Command(BaseCommand):
    help = "E-mail each user their weekly digest (HTML and plain text)."

    def add_arguments(self, parser):
        parser.add_argument("--user", metavar="USERNAME", help="Only this user.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say who would get what, and send nothing.",
        )

    def handle(self, *args, user=None, dry_run=False, **options):
        people = get_user_model().objects.filter(is_active=True).order_by("username")
        if user:
            people = people.filter(username=user)
            if not people.exists():
                raise CommandError(f"No active user {user!r}.")
        sent = skipped = failed = 0
        for person in people.select_related("staff_profile", "mail_preference"):
            reason = self._why_not(person)
            digest = None if reason else digests.digest_for(person)
            if digest is not None and digest.is_empty:
                reason = "nothing new"
            if reason:
                skipped += 1
                if user or options["verbosity"] > 1:
                    self.stdout.write(f"{person.username}: skipped ({reason})")
                continue
            if not dry_run:
                try:
                    digests.message(digest).send()
                except (OSError, smtplib.SMTPException) as error:
                    failed += 1
                    self.stderr.write(f"{person.username}: not sent ({error})")
                    continue
            sent += 1
            self.stdout.write(f"{person.username} <{person.email}>: {digest.summary()}")
        verb = "Would send" if dry_run else "Sent"
        summary = f"{verb} {sent} digest{'s' if sent != 1 else ''}; skipped {skipped}."
        if failed:
            raise CommandError(f"{summary} {failed} could not be sent: is the mail server up?")
        self.stdout.write(self.style.SUCCESS(summary))

    @staticmethod
    def _why_not(person) -> str:
        if not person.email:
            return "no e-mail address"
        if not preferences_for(person).wants("weekly_digest"):
            return "turned off"
        return ""
