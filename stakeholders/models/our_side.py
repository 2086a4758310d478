"""Our side: our own departments and what Relmap knows of our people."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from stakeholders.models.base import Role, TimeStampedModel


class Unit(TimeStampedModel):
    """One of our own departments."""

    name = models.CharField(max_length=200, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self):
        return self.name


class StaffProfile(TimeStampedModel):
    """What Relmap knows of one of our users: unit, role and competencies."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )
    role = models.CharField(max_length=20, choices=Role, default=Role.ACCOUNT_MANAGER)
    job_title = models.CharField(max_length=200, blank=True)
    # A list of {"name": str, "level": 1..5}: small, per person, read whole.
    competencies = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["user__username"]
        indexes = [models.Index(fields=["role"])]

    def __str__(self):
        return f"{self.user.get_username()} ({self.get_role_display()})"
