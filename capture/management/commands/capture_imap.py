"""`manage.py capture_imap [--mailbox NAME]`: fetch what is new in every active mailbox (or
one) and capture it. Safe to run every few minutes: each run starts where the last stopped."""

from django.core.management.base import BaseCommand, CommandError

from capture import secrets
from capture.imap import ImapError
from capture.mailboxes import Busy, mailbox_capture
from capture.management.commands.capture import summary
from capture.models import Mailbox


class Command(BaseCommand):
    help = "Capture interactions from the new messages of the IMAP mailboxes set up in the admin."

    def add_arguments(self, parser):
        parser.add_argument("--mailbox", help="Only this mailbox (its name).")

    def handle(self, *args, mailbox=None, **options):
        mailboxes = Mailbox.objects.filter(is_active=True).select_related("owner")
        if mailbox:
            mailboxes = mailboxes.filter(name=mailbox)
            if not mailboxes.exists():
                raise CommandError(f"No active mailbox named {mailbox!r}.")
        failed = []
        for box in mailboxes.order_by("name"):
            try:
                outcome = mailbox_capture(box)
            except Busy as busy:
                self.stdout.write(f"{box.name}: skipped: {busy}")
                continue
            except (ImapError, secrets.CaptureKeyError) as error:
                failed.append(box.name)
                self.stderr.write(f"{box.name}: {error}")
                continue
            self.stdout.write(f"{box.name}: {summary(outcome)}")
        if failed:
            raise CommandError(f"{len(failed)} mailbox(es) could not be read: {', '.join(failed)}.")
