"""Daily housekeeping: take old tombstones out of the contact changes feed, forget old
Idempotency-Keys and the login failures that no longer count, and prune finished background
tasks older than two weeks.

Run it daily (cron, a systemd timer or a scheduler); see docs/operations.md.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from stakeholders.sync import contact_tombstones_expire
from trust.idempotency import idempotency_keys_forget
from trust.login_throttle import login_throttles_forget


class Command(BaseCommand):
    help = (
        "Expire contact tombstones past their retention, delete expired Idempotency-Keys and "
        "login failures that no longer count."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        retention = timedelta(days=settings.RELMAP_SYNC_TOMBSTONE_RETENTION_DAYS)
        expired = contact_tombstones_expire(deleted_before=now - retention)
        ttl = timedelta(hours=settings.RELMAP_IDEMPOTENCY_KEY_TTL_HOURS)
        forgotten = idempotency_keys_forget(created_before=now - ttl)
        logins = login_throttles_forget(now=now)
        call_command("prune_db_task_results", "--min-age-days", "14", stdout=self.stdout)
        self.stdout.write(
            f"Expired {expired} tombstones; forgot {forgotten} idempotency keys and "
            f"{logins} login throttles."
        )
