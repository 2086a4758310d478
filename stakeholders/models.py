"""Everyone on both sides of a relationship, and the relationships between them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from stakeholders import access
from stakeholders.audit import AuditedModel, AuditedQuerySet

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


# --- our side ---------------------------------------------------------------------------


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


# --- their side ---------------------------------------------------------------------------


class Community(TimeStampedModel):
    """A stakeholder community, with the strategy we hold for it."""

    class Kind(models.TextChoices):
        CUSTOMERS = "customers", "Customers"
        SUPPLIERS = "suppliers", "Suppliers"
        INVESTORS = "investors", "Investors"
        MEDIA = "media", "Media"
        INDUSTRY = "industry", "Industry bodies"
        POLITICAL = "political", "Political groups"
        REGULATORS = "regulators", "Regulators"
        COMMUNITY_GROUPS = "community_groups", "Community groups"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind)
    tier = models.CharField(max_length=20, choices=Tier, default=Tier.OPERATIONAL)
    owner_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="communities"
    )
    target = models.TextField(blank=True, help_text="Who in this community we aim at.")
    objective = models.TextField(blank=True, help_text="What we want from the relationship.")
    intended_outcome = models.TextField(blank=True, help_text="What success looks like.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community_detail", args=[self.pk])


class OrganisationQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        # Organisations are always visible: a fence hides its detail, not its existence.
        return self.all() if user.is_authenticated else self.none()

    def top_level(self):
        return self.filter(parent__isnull=True)


class Organisation(SyncedModel):
    """An external organisation, or a division or department of one."""

    name = models.CharField(max_length=255)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="divisions"
    )
    # The top of this organisation's hierarchy (itself when it has no parent); kept by the
    # services so that fence checks and roll-ups are one join, not a walk up the tree.
    root = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    communities = models.ManyToManyField(Community, blank=True, related_name="organisations")
    website = models.URLField(blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    is_key_account = models.BooleanField(default=False)
    # The village-store profile.
    lifetime_value = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, help_text="Estimated, in EUR."
    )
    purchasing_ability = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=SCALE_1_5
    )
    reciprocal_potential = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=SCALE_1_5
    )
    influence = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE_1_5)
    complaint_power = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE_1_5)
    nuisance_factor = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE_1_5)
    notes = models.TextField(blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=Q(external_id__isnull=False),
                name="organisation_external_id_unique",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="organisation_not_own_parent"
            ),
            models.CheckConstraint(
                condition=Q(lifetime_value__isnull=True) | Q(lifetime_value__gte=0),
                name="organisation_lifetime_value_non_negative",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{f}__isnull": True}) | Q(**{f"{f}__range": (1, 5)}),
                    name=f"organisation_{f}_1_5",
                )
                for f in (
                    "purchasing_ability",
                    "reciprocal_potential",
                    "influence",
                    "complaint_power",
                    "nuisance_factor",
                )
            ],
        ]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["is_key_account", "name"]),
            models.Index(fields=["updated_at", "id"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation_detail", args=[self.pk])

    def ancestors(self):
        """This organisation's parents, nearest first (one query a level; hierarchies are short)."""
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain


class ContactQuerySet(AuditedQuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, user):
        """Contacts the user may see: none behind a fence they are not on, no tombstones."""
        return access.filter_fenced(self.live(), user, "organisation__root_id")


class Contact(SyncedModel):
    """A person on the stakeholder's side."""

    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    seniority = models.CharField(max_length=20, choices=Seniority, default=Seniority.OPERATIONAL)
    influence = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE_1_5)
    notes = models.TextField(blank=True)
    consent_marketing = models.BooleanField(default=False)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Change stamp for the sync feed (stakeholders/sync.py): the writing transaction's id on
    # PostgreSQL, a serialised counter on SQLite. NULL once an old tombstone left the feed.
    sync_txid = models.BigIntegerField(null=True, default=0, editable=False)

    objects = ContactQuerySet.as_manager()
    # The sync stamp changes on every write and says nothing a person did.
    audit_exclude = ("sync_txid",)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=Q(external_id__isnull=False, deleted_at__isnull=True),
                name="contact_external_id_unique_live",
            ),
            models.CheckConstraint(
                condition=Q(influence__isnull=True) | Q(influence__range=(1, 5)),
                name="contact_influence_1_5",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name"]),
            models.Index(fields=["last_name", "first_name", "id"]),
            models.Index(fields=["updated_at", "id"]),
            models.Index(fields=["email"]),
            models.Index(fields=["sync_txid", "id"], name="contact_sync_position"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("contact_detail", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_deleted(self):
        return self.deleted_at is not None


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


class RelationshipQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        return access.filter_fenced(
            self.filter(contact__deleted_at__isnull=True), user, "contact__organisation__root_id"
        )

    def active(self):
        return self.filter(status=Relationship.Status.ACTIVE)


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
        ]
        indexes = [
            models.Index(fields=["contact", "status"]),
            models.Index(fields=["staff", "status"]),
            models.Index(fields=["tier", "status", "last_interaction_at"]),
        ]

    def __str__(self):
        return f"{self.staff} ↔ {self.contact} ({self.get_tier_display()})"


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


class LoginThrottle(models.Model):
    """Failed logins per username, kept in the database so every app server sees them."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.username}: {self.failures} failed"

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


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
            models.Index(fields=["model", "object_id", "-at"]),
            models.Index(fields=["-at"]),
        ]

    def __str__(self):
        who = self.actor_name or self.source
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {self.model}#{self.object_id}"


# --- API access ---------------------------------------------------------------------------


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


# --- sync bookkeeping ----------------------------------------------------------------------


class SyncState(models.Model):
    """One row (id 1) of sync bookkeeping, read and written only by stakeholders/sync.py.

    `counter` numbers write transactions on SQLite (PostgreSQL uses transaction ids);
    `expired_stamp`/`expired_id` is the feed position of the newest tombstone taken out of the
    feed: cursors before it can no longer be served (410).
    """

    counter = models.BigIntegerField(default=0)
    expired_stamp = models.BigIntegerField(default=-1)
    expired_id = models.BigIntegerField(default=0)


class IdempotencyKey(models.Model):
    """A POST under /api/v1/ sent with an Idempotency-Key, and the response it got."""

    class State(models.TextChoices):
        IN_FLIGHT = "in_flight", "In flight"
        COMPLETED = "completed", "Completed"

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
