"""Their side: stakeholder communities and the organisations in them, with their divisions."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.trees import ancestors
from stakeholders.models.base import SCALE_1_5, SyncedModel, Tier, TimeStampedModel
from stakeholders.models.our_side import Unit
from trust.audit import AuditedQuerySet


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
        return list(ancestors(self))

    def rows_here(self, path: str) -> Q:
        """Rows at this organisation and under it: the whole hierarchy for a top-level one, the
        division and its own divisions otherwise. `path` leads from the row to its organisation
        ("organisation", "contact__organisation", …)."""
        if self.parent_id is None:
            return Q(**{f"{path}__root_id": self.pk})
        return Q(**{path: self}) | Q(**{f"{path}__parent": self})
