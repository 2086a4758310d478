"""Ratings of an account relationship, by us or by them ("ask them!")."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from stakeholders import access
from stakeholders.models.accounts import Account
from stakeholders.models.base import SCALE_1_5, TimeStampedModel
from stakeholders.models.contacts import Contact
from trust.audit import AuditedQuerySet


class AssessmentQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        return access.filter_fenced(self, user, "account__organisation__root_id")

    def answered(self):
        return self.filter(assessed_at__isnull=False)


class Assessment(TimeStampedModel):
    """A periodic rating of an account relationship, by us or by them ("ask them!")."""

    class Side(models.TextChoices):
        OURS = "ours", "Ours"
        THEIRS = "theirs", "Theirs"

    class Stage(models.TextChoices):
        SATISFACTION = "satisfaction", "Satisfaction"
        PREFERENCE = "preference", "Preference"
        LOYALTY = "loyalty", "Loyalty"
        ADVOCACY = "advocacy", "Advocacy"

    SCORE_FIELDS = ("trust", "openness", "transparency", "appropriateness", "longevity")

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="assessments")
    side = models.CharField(max_length=10, choices=Side)
    respondent = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
        help_text="For their side: who answered.",
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
        help_text="For our side: who rated.",
    )
    trust = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE_1_5)
    openness = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE_1_5)
    transparency = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE_1_5)
    appropriateness = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE_1_5)
    longevity = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE_1_5)
    stage = models.CharField(max_length=20, choices=Stage, blank=True)
    nps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    comment = models.TextField(blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-assessed_at", "-id"]
        constraints = [
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{f}__isnull": True}) | Q(**{f"{f}__range": (1, 5)}),
                    name=f"assessment_{f}_1_5",
                )
                for f in ("trust", "openness", "transparency", "appropriateness", "longevity")
            ],
            models.CheckConstraint(
                condition=Q(nps__isnull=True) | Q(nps__range=(0, 10)), name="assessment_nps_0_10"
            ),
            models.CheckConstraint(
                condition=Q(requested_at__isnull=False) | Q(assessed_at__isnull=False),
                name="assessment_requested_or_assessed",
            ),
            # An unanswered request carries no scores.
            models.CheckConstraint(
                condition=Q(assessed_at__isnull=False)
                | Q(
                    trust__isnull=True,
                    openness__isnull=True,
                    transparency__isnull=True,
                    appropriateness__isnull=True,
                    longevity__isnull=True,
                    nps__isnull=True,
                ),
                name="assessment_unanswered_has_no_scores",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "side", "assessed_at"]),
            models.Index(fields=["side", "requested_at"]),
        ]

    def __str__(self):
        return f"{self.account} · {self.get_side_display()} · {self.assessed_at or 'requested'}"

    @property
    def total_score(self):
        """Mean of the TOTAL scales that were answered, or None."""
        values = [getattr(self, f) for f in self.SCORE_FIELDS if getattr(self, f) is not None]
        return sum(values) / len(values) if values else None
