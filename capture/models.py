"""What capture has seen of mail and calendars: one row per message or event occurrence (its
metadata only, never a body), the unknown addresses it held (the suggestions), each person's
private addresses, and the IMAP mailboxes it reads."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from capture import secrets
from interventions.models import Interaction
from stakeholders import access


class CapturedItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Items one took part in or captured; executives and administrators see all."""
        if not user.is_authenticated:
            return self.none()
        if access.sees_everything(user):
            return self
        return self.filter(Q(staff=user) | Q(captured_by=user)).distinct()


class CapturedItem(models.Model):
    """One e-mail (by its Message-ID) or one occurrence of a calendar event (by its UID and
    RECURRENCE-ID), however many times and from wherever it was captured.

    `addresses` keeps every participant's address, so the item can be matched again when a
    suggested contact is added; `interactions` are what it became (one per top-level
    organisation among its contacts).
    """

    class Kind(models.TextChoices):
        EMAIL = "email", "E-mail"
        MEETING = "meeting", "Meeting"

    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=10, choices=Kind)
    occurred_at = models.DateTimeField()
    subject = models.CharField(max_length=300, blank=True)
    addresses = models.JSONField(default=list)
    cancelled = models.BooleanField(default=False)
    # An event's SEQUENCE and DTSTAMP: an older version captured later is ignored.
    sequence = models.PositiveIntegerField(default=0)
    stamp = models.DateTimeField(null=True, blank=True)
    # The recurring series of an event's occurrence (its UID's digest), "" otherwise.
    series = models.CharField(max_length=64, blank=True, db_index=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    interactions = models.ManyToManyField(Interaction, blank=True, related_name="captured_from")
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CapturedItemQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.occurred_at:%Y-%m-%d %H:%M}"


class UnknownAddress(models.Model):
    """An outside address in a captured item that is neither a contact nor one of ours."""

    item = models.ForeignKey(CapturedItem, on_delete=models.CASCADE, related_name="unknown")
    address = models.CharField(max_length=254)
    domain = models.CharField(max_length=254)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "address"], name="unknown_address_once")
        ]
        indexes = [models.Index(fields=["address", "item"])]

    def __str__(self):
        return self.address


class Exclusion(models.Model):
    """An address or a whole domain a person keeps out of capture (private mail): any item
    they take part in with it is not captured at all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="capture_exclusions"
    )
    pattern = models.CharField(
        max_length=254, help_text="An address (anna@example.com) or a domain (example.com)."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pattern"]
        constraints = [
            models.UniqueConstraint(fields=["user", "pattern"], name="exclusion_once_per_user")
        ]

    def __str__(self):
        return self.pattern

    def matches(self, address: str) -> bool:
        if "@" in self.pattern:
            return address == self.pattern
        return address.rpartition("@")[2] == self.pattern


class Mailbox(models.Model):
    """An IMAP folder capture reads: a shared dropbox (people BCC it) or a person's own
    mailbox, read only with their consent. Only new messages are fetched: those above
    `last_uid`, unless the server's UIDVALIDITY changed (the folder was recreated)."""

    class Security(models.TextChoices):
        TLS = "tls", "TLS (IMAPS, usually port 993)"
        STARTTLS = "starttls", "STARTTLS (usually port 143)"
        PLAIN = "plain", "Plain (only to this machine: 127.0.0.1)"

    name = models.CharField(max_length=100, unique=True)
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField(default=993)
    security = models.CharField(max_length=10, choices=Security, default=Security.TLS)
    username = models.CharField(max_length=255)
    password_encrypted = models.TextField(editable=False)
    folder = models.CharField(max_length=255, default="INBOX")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="capture_mailboxes",
        help_text="The person whose own mailbox this is; empty for a shared dropbox.",
    )
    consent_given_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the owner agreed to their mailbox being read (needed for a person's).",
    )
    is_active = models.BooleanField(default=True)
    uidvalidity = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    last_uid = models.PositiveBigIntegerField(default=0, editable=False)
    last_run_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.CharField(max_length=500, blank=True, editable=False)
    last_counts = models.JSONField(default=dict, editable=False)

    class Meta:
        verbose_name_plural = "mailboxes"
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | Q(consent_given_at__isnull=False),
                name="mailbox_of_a_person_needs_consent",
            )
        ]

    def __str__(self):
        return self.name

    def login(self) -> dict:
        """Where and how to log in, as capture.imap takes it (the password decrypted: a
        CaptureKeyError when the key is missing or wrong)."""
        return {
            "host": self.host,
            "port": self.port,
            "username": self.username,
            "password": secrets.decrypt(self.password_encrypted),
            "folder": self.folder,
            "security": self.security,
        }
