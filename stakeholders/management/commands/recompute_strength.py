"""Nightly: recompute every relationship's strength and mark lapsed ones dormant.

Strength decays with the date even when nobody logs anything, so the stored figure is only as
fresh as its last recompute; docs/relationship-map.md shows how to run this from cron or a
systemd timer.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stakeholders import services


class Command(BaseCommand):
    help = "Recompute relationship strength and mark relationships dormant/active by tier limits."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=5000,
            help="Relationships read and written per batch (default 5000).",
        )

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        now = timezone.now()
        dormant, revived = services.relationships_update_status(now=now)
        updated = services.relationships_recompute_strength(batch_size=batch_size, now=now)
        self.stdout.write(
            f"Recomputed strength of {updated} relationships; "
            f"{dormant} marked dormant, {revived} active again."
        )
