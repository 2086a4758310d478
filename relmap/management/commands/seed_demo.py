import time

from django.core.management.base import BaseCommand, CommandError

from relmap import demo

LOGINS = [
    ("alice", "account manager, Key Accounts; on the team of the fenced Northwind account"),
    ("bob", "account manager, Field Sales (outside Northwind's fence)"),
    ("erin", "executive: reads the scorecard dashboard"),
    ("admin", "administrator (superuser): /admin/"),
]


class Command(BaseCommand):
    help = "Load realistic, deterministic demo data (once) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=0.5,
            help="Thousands of contacts (default 0.5; 100 makes ~100,000 contacts and ~1M "
            "interactions).",
        )

    def handle(self, *args, scale, **options):
        if scale <= 0 or scale > 1000:
            raise CommandError("--scale must be greater than 0 and at most 1000.")
        if demo.is_seeded():
            self.stdout.write("Demo data is already loaded; nothing to do.")
        else:
            started = time.monotonic()
            self.stdout.write(f"Loading demo data at scale {scale:g}…")
            demo.seed(scale=scale, stdout=self.stdout)
            self.stdout.write(f"Demo data loaded in {time.monotonic() - started:.1f} s.")
        self.stdout.write("")
        self.stdout.write("Demo logins (password for all: demo):")
        for username, what in LOGINS:
            self.stdout.write(f"  {username:<6} {what}")
