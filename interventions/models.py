"""What we plan and what happens: interventions, interactions, commitments and issues."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from stakeholders import access
from stakeholders.models import (
    Community,
    Contact,
    Organisation,
    SyncedModel,
    Tier,
    TimeStampedModel,
    Unit,
)
from trust.audit import AuditedQuerySet


class InterventionQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        """Interventions `user` may see: not one aimed at an organisation behind a fence they
        are outside of, nor one aimed at people who are all behind such fences. One aimed at a
        community is not behind any one fence."""
        if not user.is_authenticated:
            return self.none()
        if access.sees_everything(user):
            return self
        hidden = access.hidden_root_ids(user)
        someone_visible = Intervention.contacts.through.objects.filter(
            intervention_id=OuterRef("pk")
        ).exclude(contact__organisation__root_id__in=hidden)
        return self.exclude(organisation__root_id__in=hidden).exclude(
            Q(target_kind=Intervention.TargetKind.CONTACTS) & ~Exists(someone_visible)
        )

    def open(self):
        return self.filter(status__in=[Intervention.Status.PLANNED, Intervention.Status.ACTIVE])


class Intervention(TimeStampedModel):
    """A planned engagement with exactly one purpose, one target and one owner."""

    class Purpose(models.TextChoices):
        INFORM = "inform", "Inform"
        CONSULT = "consult", "Consult"
        NEGOTIATE = "negotiate", "Negotiate"
        RESOLVE = "resolve", "Resolve"
        DEVELOP = "develop", "Develop"
        RETAIN = "retain", "Retain"
        RECOVER = "recover", "Recover"
        ADVOCATE = "advocate", "Advocate"

    class TargetKind(models.TextChoices):
        ORGANISATION = "organisation", "Organisation"
        COMMUNITY = "community", "Community"
        CONTACTS = "contacts", "Contacts"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ACTIVE = "active", "Active"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    class OutcomeRating(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        PARTLY = "partly", "Partly achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"

    title = models.CharField(max_length=200)
    target_kind = models.CharField(max_length=20, choices=TargetKind)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interventions",
    )
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.PROTECT, related_name="interventions"
    )
    contacts = models.ManyToManyField(Contact, blank=True, related_name="interventions")
    tier = models.CharField(max_length=20, choices=Tier, default=Tier.OPERATIONAL)
    purpose = models.CharField(max_length=20, choices=Purpose)
    objective = models.CharField(max_length=300, help_text="One sentence.")
    intended_outcome = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interventions"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="interventions"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status, default=Status.PLANNED)
    actual_outcome = models.TextField(blank=True)
    outcome_rating = models.CharField(max_length=20, choices=OutcomeRating, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = InterventionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            # Exactly one kind of target. (A contacts target must also have contacts: the
            # services check that, as a database cannot constrain a many-to-many.)
            models.CheckConstraint(
                condition=(
                    Q(
                        target_kind="organisation",
                        organisation__isnull=False,
                        community__isnull=True,
                    )
                    | Q(target_kind="community", organisation__isnull=True, community__isnull=False)
                    | Q(target_kind="contacts", organisation__isnull=True, community__isnull=True)
                ),
                name="intervention_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="intervention_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(outcome_rating="") | Q(status__in=["done", "cancelled"]),
                name="intervention_rated_only_when_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "starts_on"]),
            models.Index(fields=["community", "status", "starts_on"]),
            models.Index(fields=["status", "starts_on", "ends_on"]),
            models.Index(fields=["closed_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("intervention_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in (self.Status.PLANNED, self.Status.ACTIVE)

    def overlaps(self, other) -> bool:
        return self.starts_on <= other.ends_on and other.starts_on <= self.ends_on


class InteractionQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        return access.filter_fenced(self, user, "organisation__root_id")

    def newer_than(self, interaction):
        """Those a timeline, latest first (the default order), shows above `interaction`."""
        return self.filter(
            Q(occurred_at__gt=interaction.occurred_at)
            | Q(occurred_at=interaction.occurred_at, pk__gt=interaction.pk)
        )


class Interaction(SyncedModel):
    """A logged touch point between our people and theirs."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        CALL = "call", "Call"
        EMAIL = "email", "E-mail"
        VISIT = "visit", "Visit"
        EVENT = "event", "Event"
        LETTER = "letter", "Letter"
        OTHER = "other", "Other"

    SENTIMENT_CHOICES = [
        (-2, "−2 · Very negative"),
        (-1, "−1 · Negative"),
        (0, "0 · Neutral"),
        (1, "+1 · Positive"),
        (2, "+2 · Very positive"),
    ]

    kind = models.CharField(max_length=10, choices=Kind, default=Kind.MEETING)
    occurred_at = models.DateTimeField(default=timezone.now)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="interactions"
    )
    contacts = models.ManyToManyField(Contact, blank=True, related_name="interactions")
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="interactions"
    )
    tier = models.CharField(max_length=20, choices=Tier, default=Tier.OPERATIONAL)
    summary = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    # Empty when no one judged it (captured from mail or a calendar).
    sentiment = models.SmallIntegerField(
        default=0, null=True, blank=True, choices=SENTIMENT_CHOICES
    )
    intervention = models.ForeignKey(
        Intervention,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    # Empty for what capture recorded from a shared mailbox.
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logged_interactions",
    )
    # Captured mail or a meeting at a fenced account with one of ours outside its team: a
    # conflict on the account's map (interventions.selectors.conflicts).
    outside_fence = models.BooleanField(default=False, editable=False)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sentiment__range=(-2, 2)), name="interaction_sentiment_range"
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=Q(external_id__isnull=False),
                name="interaction_external_id_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-occurred_at"]),
            models.Index(fields=["-occurred_at", "-id"]),
            models.Index(fields=["updated_at", "id"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.summary}"


class CommitmentQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        return access.filter_fenced(self, user, "organisation__root_id")

    def open(self):
        return self.filter(status=Commitment.Status.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class Commitment(TimeStampedModel):
    """A promise, made by us or by them, with a due date."""

    class MadeBy(models.TextChoices):
        OURS = "ours", "Ours"
        THEIRS = "theirs", "Theirs"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        KEPT = "kept", "Kept"
        MISSED = "missed", "Missed"
        CANCELLED = "cancelled", "Cancelled"

    interaction = models.ForeignKey(
        Interaction,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="commitments"
    )
    made_by = models.CharField(max_length=10, choices=MadeBy, default=MadeBy.OURS)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    description = models.CharField(max_length=500)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | (~Q(status="open") & Q(closed_at__isnull=False)),
                name="commitment_closed_at_matches_status",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["owner", "status", "due_on"]),
        ]

    def __str__(self):
        return self.description

    def is_overdue(self, today=None) -> bool:
        return self.status == self.Status.OPEN and self.due_on < (today or timezone.localdate())


class IssueQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        return access.filter_fenced(self, user, "organisation__root_id")

    def open(self):
        return self.filter(resolved_at__isnull=True)

    def to_triage(self):
        """Reported through the public channel and not yet placed by our people."""
        return self.filter(channel=Issue.Channel.PUBLIC, triaged_at__isnull=True)


class Issue(TimeStampedModel):
    """A complaint or problem raised by a stakeholder."""

    class Category(models.TextChoices):
        LATE_DELIVERY = "late_delivery", "Late delivery"
        MISSED_PICKUP = "missed_pickup", "Missed pick-up"
        BILLING_DISPUTE = "billing_dispute", "Billing dispute"
        PRODUCT_PROBLEM = "product_problem", "Product problem"
        MISSED_COMMITMENT = "missed_commitment", "Missed commitment"
        SERVICE = "service", "Service"
        OTHER = "other", "Other"

    class Severity(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    class Channel(models.TextChoices):
        STAFF = "staff", "Recorded by our people"
        API = "api", "Through the API"
        PUBLIC = "public", "Public feedback channel"

    # Empty only for a public report that nobody has placed yet (the triage queue).
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="issues"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="issues"
    )
    category = models.CharField(max_length=20, choices=Category)
    severity = models.CharField(max_length=10, choices=Severity, default=Severity.MEDIUM)
    summary = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    escalated = models.BooleanField(default=False)
    escalated_at = models.DateTimeField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issues",
    )
    channel = models.CharField(max_length=10, choices=Channel, default=Channel.STAFF)
    # The public channel: the case reference the reporter quotes, the SHA-256 of their private
    # follow-up link's secret, and who they said they were (all optional: anonymous is allowed).
    reference = models.CharField(max_length=20, null=True, blank=True, unique=True)
    followup_hash = models.CharField(max_length=64, blank=True)
    reporter_name = models.CharField(max_length=150, blank=True)
    reporter_email = models.EmailField(blank=True)
    reporter_organisation = models.CharField(max_length=200, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(resolved_at__gte=models.F("opened_at")),
                name="issue_resolved_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(channel="public"),
                name="issue_organisation_unless_public",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-opened_at"]),
            models.Index(fields=["category", "opened_at"]),
            models.Index(fields=["resolved_at"]),
        ]

    def __str__(self):
        return self.summary

    @property
    def is_open(self):
        return self.resolved_at is None

    @property
    def turnaround(self):
        return self.resolved_at - self.opened_at if self.resolved_at else None


class IssueReply(TimeStampedModel):
    """A word on an issue: a public reply the reporter sees on their follow-up page, or an
    internal note they never see."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=5000)
    public = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["issue", "created_at"])]

    def __str__(self):
        return f"{'Reply' if self.public else 'Note'} on {self.issue}"
