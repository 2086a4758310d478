"""Asking them: a request to a contact to rate the relationship on the TOTAL scales, answered
through a personal link that needs no login."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from stakeholders import access, survey_links
from stakeholders.models.accounts import Account
from stakeholders.models.assessments import Assessment
from stakeholders.models.base import TimeStampedModel
from stakeholders.models.contacts import Contact
from trust.audit import AuditedQuerySet


class AssessmentRequestQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        return access.filter_fenced(self, user, "account__organisation_id")

    def open(self, now=None):
        """Unanswered and not yet expired: the link still works."""
        return self.filter(answered_at__isnull=True, expires_at__gt=now or timezone.now())

    def by_token(self, token: str):
        """The request whose link is `token` (none for a token no link could have)."""
        if not token or len(token) > survey_links.MAX_TOKEN_LENGTH:
            return self.none()
        return self.filter(token_hash=survey_links.token_hash(token))


class AssessmentRequest(TimeStampedModel):
    """One contact asked once. The request's assessment (side theirs) exists from the moment
    of asking, without scores, so the response rate counts the unanswered too; the answer
    fills it in.

    The link's token is not stored: it is derived from `nonce` and the site's secret key, and
    only its SHA-256 is kept to find the request again (the database alone gives no link away,
    and a reminder can still carry the same link)."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ANSWERED = "answered", "Answered"
        EXPIRED = "expired", "Expired"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="survey_requests")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="survey_requests")
    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="survey_request"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_requests",
    )
    nonce = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = AssessmentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="assessment_request_expires_after_created",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "-created_at"]),
            models.Index(fields=["contact", "answered_at"]),
            models.Index(fields=["answered_at", "reminded_at", "created_at"]),
        ]

    def __str__(self):
        return f"Survey for {self.contact} ({self.get_status_display().lower()})"

    def status_at(self, now) -> str:
        if self.answered_at is not None:
            return self.Status.ANSWERED
        return self.Status.OPEN if self.expires_at > now else self.Status.EXPIRED

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    def get_status_display(self) -> str:
        return self.Status(self.status).label
