"""Expire old tombstones from the contact changes feed and forget old Idempotency-Keys.

Run it daily (cron or a scheduler); see docs/api-sync.md.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from stakeholders.sync import contact_tombstones_expire
from trust.idempotency import idempotency_keys_forget


class Command(BaseCommand):
    help = "Expire contact tombstones past their retention and delete expired Idempotency-Keys."

    def handle(self, *args, **options):
        now = timezone.now()
        retention = timedelta(days=settings.RELMAP_SYNC_TOMBSTONE_RETENTION_DAYS)
        expired = contact_tombstones_expire(deleted_before=now - retention)
        ttl = timedelta(hours=settings.RELMAP_IDEMPOTENCY_KEY_TTL_HOURS)
        forgotten = idempotency_keys_forget(created_before=now - ttl)
        self.stdout.write(f"Expired {expired} tombstones; forgot {forgotten} idempotency keys.")
