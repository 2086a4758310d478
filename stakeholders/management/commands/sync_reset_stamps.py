"""Reset the contact feed's change stamps after restoring a dump into a new PostgreSQL cluster.

A new cluster numbers transactions from the start again, below the stamps the restored rows
carry; without this, new changes would sort behind old ones. See docs/api-sync.md.
"""

from django.core.management.base import BaseCommand

from stakeholders.sync import contact_stamps_reset


class Command(BaseCommand):
    help = "Put every contact back at the start of the changes feed (run after a restore)."

    def handle(self, *args, **options):
        count = contact_stamps_reset()
        self.stdout.write(f"Reset the change stamps of {count} contacts; clients will resync.")
