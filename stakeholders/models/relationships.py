"""One of our people and one of their contacts, and what their interactions tell."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from stakeholders import access, dormancy
from stakeholders.models.base import Tier, TimeStampedModel
from stakeholders.models.contacts import Contact
from trust.audit import AuditedQuerySet

MIN_CADENCE_DAYS, MAX_CADENCE_DAYS = 1, 730


class RelationshipQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        return access.filter_fenced(
            self.filter(contact__deleted_at__isnull=True), user, "contact__organisation__root_id"
        )

    def active(self):
        return self.filter(status=Relationship.Status.ACTIVE)

    def with_dormancy(self, now=None):
        """Each row with `is_dormant`, by the one rule of stakeholders/dormancy.py."""
        dormant = dormancy.dormant(now or timezone.now())
        return self.annotate(is_dormant=ExpressionWrapper(dormant, output_field=BooleanField()))


class Relationship(TimeStampedModel):
    """One of our people and one of their contacts, and what their interactions tell."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DORMANT = "dormant", "Dormant"
        ENDED = "ended", "Ended"

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="relationships"
    )
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="relationships")
    tier = models.CharField(max_length=20, choices=Tier, default=Tier.OPERATIONAL)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_relationships",
    )
    purpose = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    # How often we expect to be in touch; empty means the tier's default (the dormant limit of
    # settings.RELMAP_DORMANT_DAYS). Past it, the relationship is dormant.
    cadence_days = models.PositiveSmallIntegerField(
        "contact every (days)",
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_CADENCE_DAYS), MaxValueValidator(MAX_CADENCE_DAYS)],
        help_text="Days between contacts before the relationship counts as dormant; "
        "empty for the tier's default.",
    )
    # Running aggregates of the interactions, updated on each logged interaction.
    last_interaction_at = models.DateTimeField(null=True, blank=True, editable=False)
    interaction_count = models.PositiveIntegerField(default=0, editable=False)
    # Exponentially decayed count and sentiment sum, both as of `aggregates_at`.
    decayed_count = models.FloatField(default=0.0, editable=False)
    decayed_sentiment = models.FloatField(default=0.0, editable=False)
    aggregates_at = models.DateTimeField(null=True, blank=True, editable=False)
    strength = models.PositiveSmallIntegerField(default=0, editable=False)
    strength_computed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RelationshipQuerySet.as_manager()
    audit_exclude = (
        "last_interaction_at",
        "interaction_count",
        "decayed_count",
        "decayed_sentiment",
        "aggregates_at",
        "strength",
        "strength_computed_at",
    )

    class Meta:
        ordering = ["-strength", "id"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "contact"], name="relationship_unique_pair"),
            models.CheckConstraint(
                condition=Q(strength__range=(0, 100)), name="relationship_strength_0_100"
            ),
            models.CheckConstraint(
                condition=Q(cadence_days__isnull=True)
                | Q(cadence_days__range=(MIN_CADENCE_DAYS, MAX_CADENCE_DAYS)),
                name="relationship_cadence_days_range",
            ),
        ]
        indexes = [
            models.Index(fields=["contact", "status"]),
            models.Index(fields=["staff", "status"]),
            models.Index(fields=["tier", "status", "last_interaction_at"]),
        ]

    def __str__(self):
        return f"{self.staff} ↔ {self.contact} ({self.get_tier_display()})"

    @property
    def state(self) -> str:
        """Active, dormant or ended, by stakeholders/dormancy.py (read from the annotation of
        `with_dormancy()` when the row has it)."""
        if self.status == self.Status.ENDED:
            return dormancy.ENDED
        dormant = getattr(self, "is_dormant", None)
        if dormant is None:
            dormant = dormancy.is_dormant(self, timezone.now())
        return dormancy.DORMANT if dormant else dormancy.ACTIVE

    @property
    def limit_days(self) -> int:
        """Days without contact after which it is dormant: its cadence, or its tier's."""
        return dormancy.limit_days(self)

    @property
    def contact_due_at(self):
        """When it goes dormant unless someone is in touch (None once ended)."""
        return dormancy.due_at(self)

    def get_state_display(self) -> str:
        return self.Status(self.state).label
