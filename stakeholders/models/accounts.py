"""Our relationship with one top-level organisation as a whole, and its picket fence."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from stakeholders import access
from stakeholders.models.base import TIERS_NEEDED_BY_LEVEL, Level, TimeStampedModel
from stakeholders.models.organisations import Organisation
from trust.audit import AuditedQuerySet


class AccountQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        """Accounts whose fenced detail `user` may see (an account sits on a top organisation)."""
        return access.filter_fenced(self, user, "organisation_id")


class Account(TimeStampedModel):
    """Our relationship with one top-level organisation as a whole."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="account"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_accounts",
    )
    current_level = models.PositiveSmallIntegerField(choices=Level, default=Level.TRANSACTIONAL)
    target_level = models.PositiveSmallIntegerField(choices=Level, default=Level.PARTNER)
    is_fenced = models.BooleanField(
        default=False, help_text="Picket fence: only the team may interact or see the detail."
    )
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="accounts")
    strategy = models.TextField(blank=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(current_level__range=(1, 3)), name="account_current_level_1_3"
            ),
            models.CheckConstraint(
                condition=Q(target_level__range=(1, 3)), name="account_target_level_1_3"
            ),
        ]

    def __str__(self):
        return str(self.organisation)

    def get_absolute_url(self):
        return self.organisation.get_absolute_url()

    @property
    def tiers_needed(self):
        return TIERS_NEEDED_BY_LEVEL[Level(max(self.current_level, self.target_level))]

    @property
    def level_gap(self):
        return max(self.target_level - self.current_level, 0)
