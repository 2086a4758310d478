"""What every stakeholders model shares: time stamps, sync versions and the choices."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from trust.audit import AuditedModel

SCALE_1_5 = [MinValueValidator(1), MaxValueValidator(5)]


class TimeStampedModel(AuditedModel):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class SyncedModel(TimeStampedModel):
    """A model REST clients keep in sync: it carries a version and an optional external id."""

    external_id = models.CharField(max_length=255, null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class Tier(models.TextChoices):
    OPERATIONAL = "operational", "Operational"
    EXECUTIVE = "executive", "Executive"
    INSTITUTIONAL = "institutional", "Institutional"


class Seniority(models.TextChoices):
    OPERATIONAL = "operational", "Operational"
    EXECUTIVE = "executive", "Executive"


class Role(models.TextChoices):
    ACCOUNT_MANAGER = "account_manager", "Account manager"
    EXECUTIVE = "executive", "Executive"
    ANALYST = "analyst", "Analyst"
    ADMIN = "admin", "Administrator"


class Level(models.IntegerChoices):
    TRANSACTIONAL = 1, "1 · Transactional"
    PARTNER = 2, "2 · Partner"
    STRATEGIC = 3, "3 · Strategic"


# The tiers an account's intimacy level needs someone on our side to hold.
TIERS_NEEDED_BY_LEVEL = {
    Level.TRANSACTIONAL: (Tier.OPERATIONAL,),
    Level.PARTNER: (Tier.OPERATIONAL, Tier.EXECUTIVE),
    Level.STRATEGIC: (Tier.OPERATIONAL, Tier.EXECUTIVE, Tier.INSTITUTIONAL),
}
