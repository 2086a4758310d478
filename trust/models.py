"""What trust keeps: the audit trail, API tokens, login failures and idempotency keys."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from trust.audit import AuditedModel, AuditedQuerySet


class AuditEvent(models.Model):
    """One write to an audited model: who, when, from where, and what changed."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        ERASE = "erase", "Personal data erased"
        EXPORT = "export", "Personal data exported"

    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    source = models.CharField(max_length=200, help_text="request:<id> or command:<name>")
    action = models.CharField(max_length=10, choices=Action)
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    # {field: [before, after]}
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["model", "object_id", "-at"], name="audit_event_object"),
            models.Index(fields=["-at"], name="audit_event_at"),
        ]

    def __str__(self):
        who = self.actor_name or self.source
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {self.model}#{self.object_id}"


class ApiTokenQuerySet(AuditedQuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(AuditedModel):
    """A REST API key. Only its SHA-256 is stored: a leaked database does not leak the keys."""

    # Issuing and revoking are audited; the hash and each use are not history worth keeping.
    audit_exclude = ("key_hash", "last_used_at")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    # The key's first characters: not secret, so a person can tell tokens apart in lists.
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.prefix}… ({self.user})"


class LoginThrottle(models.Model):
    """Failed logins per username and client address, kept in the database so every app
    server sees them."""

    username = models.CharField(max_length=150)
    address = models.CharField(max_length=45, blank=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["username", "address"], name="login_throttle_one_per_username_address"
            )
        ]

    def __str__(self):
        return f"{self.username} from {self.address or 'unknown'}: {self.failures} failed"

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class IdempotencyKey(models.Model):
    """A POST under /api/v1/ sent with an Idempotency-Key, and the response it got."""

    class State(models.TextChoices):
        IN_FLIGHT = "in_flight", "In flight"
        COMPLETED = "completed", "Completed"
        # Carried out, but its response is not kept: it held a secret or erased data.
        WITHHELD = "withheld", "Completed, response withheld"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotency_keys"
    )
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=State, default=State.IN_FLIGHT)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_headers = models.JSONField(default=dict, blank=True)
    response_body = models.BinaryField(default=b"", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_created")]

    def __str__(self):
        return f"{self.user_id}:{self.key} ({self.state})"
