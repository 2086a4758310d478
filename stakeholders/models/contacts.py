"""The people on the stakeholders' side."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from stakeholders import access
from stakeholders.models.base import SCALE_1_5, Seniority, SyncedModel
from stakeholders.models.organisations import Organisation
from trust.audit import AuditedQuerySet


class ContactQuerySet(AuditedQuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, user):
        """Contacts the user may see: none behind a fence they are not on, no tombstones."""
        return access.filter_fenced(self.live(), user, "organisation__root_id")


class Contact(SyncedModel):
    """A person on the stakeholder's side."""

    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    seniority = models.CharField(max_length=20, choices=Seniority, default=Seniority.OPERATIONAL)
    influence = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE_1_5)
    notes = models.TextField(blank=True)
    consent_marketing = models.BooleanField(default=False)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Change stamp for the sync feed (stakeholders/sync.py): the writing transaction's id on
    # PostgreSQL, a serialised counter on SQLite. NULL once an old tombstone left the feed.
    sync_txid = models.BigIntegerField(null=True, default=0, editable=False)
    # The stamp of the last write that moved it to another organisation: a contact that moved
    # behind a fence reaches the clients that held it as a tombstone.
    moved_stamp = models.BigIntegerField(null=True, blank=True, editable=False)

    objects = ContactQuerySet.as_manager()
    # The sync stamp changes on every write and says nothing a person did.
    audit_exclude = ("sync_txid", "moved_stamp")

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=Q(external_id__isnull=False, deleted_at__isnull=True),
                name="contact_external_id_unique_live",
            ),
            models.CheckConstraint(
                condition=Q(influence__isnull=True) | Q(influence__range=(1, 5)),
                name="contact_influence_1_5",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name"]),
            models.Index(fields=["last_name", "first_name", "id"]),
            models.Index(fields=["updated_at", "id"]),
            models.Index(fields=["email"]),
            # Imports match contacts on their e-mail whatever its case.
            models.Index(Lower("email"), name="contact_email_lower"),
            models.Index(fields=["sync_txid", "id"], name="contact_sync_position"),
            # An organisation's live contacts from the index alone (account health, the
            # organisation page): no visit to contacts scattered over the table.
            models.Index(
                fields=["organisation", "id"],
                condition=Q(deleted_at__isnull=True),
                name="contact_live_by_org",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("contact_detail", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_deleted(self):
        return self.deleted_at is not None
