"""What the app tells a person: notifications (in the app, and by e-mail when they want it)
and their mail preferences."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Kind(models.TextChoices):
    CONFLICT = "conflict", "Conflicting interventions"
    FENCE_BREACH = "fence_breach", "Picket fence breaches"
    ALERT = "alert", "Scorecard alerts"
    COMMITMENT_DUE = "commitment_due", "Commitments coming due"
    SURVEY_ANSWERED = "survey_answered", "Survey answers from stakeholders"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing one person should know, with where to act on it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    # The top-level organisation it is about, if any: a notification about an account is
    # fenced detail, hidden from a reader who may no longer see it (stakeholders.access).
    root = models.PositiveBigIntegerField(null=True, blank=True)
    # Says what it is about, so the same event never notifies the same person twice.
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_once_per_key"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self):
        return self.message


class MailPreference(models.Model):
    """What a person wants by e-mail. Everything is on until they say otherwise."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference"
    )
    conflict = models.BooleanField(
        "Conflicting interventions at my accounts or targets", default=True
    )
    fence_breach = models.BooleanField("Breaches of the picket fence at my accounts", default=True)
    alert = models.BooleanField("Scorecard alerts on my scopes", default=True)
    commitment_due = models.BooleanField("My commitments coming due", default=True)
    survey_answered = models.BooleanField("Stakeholders answering the surveys I sent", default=True)
    weekly_digest = models.BooleanField("The weekly digest", default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    CHOICES = (*Kind.values, "weekly_digest")

    def __str__(self):
        return f"Mail preferences of {self.user}"

    def wants(self, what: str) -> bool:
        return bool(getattr(self, what))


class CalendarFeed(models.Model):
    """A person's private iCalendar feed (notifications/calendar.py). Its address is derived
    from `nonce` and the site's secret key, so it can be shown again at will and revoked by
    deleting the row (a new one gets a new nonce): the database alone does not give it away."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)
    last_read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"
