"""The records behind each measure, for one period: what the metric functions count and what
the dashboard's drill-down lists."""

from datetime import timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from interventions.models import Commitment, Interaction, Intervention, Issue
from scorecard.metrics.scoping import Context
from scorecard.periods import Period
from stakeholders.models import (
    TIERS_NEEDED_BY_LEVEL,
    Account,
    Assessment,
    Level,
    Relationship,
    Tier,
)


def _between(field: str, period: Period) -> dict:
    start, end = period.bounds()
    return {f"{field}__gte": start, f"{field}__lt": end}


# Accounts and relationships keep their present state, not their history (and imported or
# seeded ones are "created" on the day they arrive): the point-in-time measures over them read
# today's accounts and relationships, for any period. See docs/scorecard.md.


def key_accounts(period: Period) -> QuerySet:
    """Key accounts with the facts the Organisation measures need: which tiers hold an active
    relationship, and how many people hold their relationships."""
    relationships = Relationship.objects.filter(
        contact__organisation__root_id=OuterRef("organisation_id"),
        contact__deleted_at__isnull=True,
    )
    holders = (
        relationships.exclude(status=Relationship.Status.ENDED)
        .order_by()
        .values("contact__organisation__root_id")
        .annotate(n=Count("staff_id", distinct=True))
        .values("n")
    )
    active = relationships.filter(status=Relationship.Status.ACTIVE)
    return (
        Account.objects.filter(organisation__is_key_account=True)
        .select_related("organisation")
        .annotate(
            **{f"has_{tier}": Exists(active.filter(tier=tier)) for tier in Tier.values},
            holders=Coalesce(Subquery(holders, output_field=IntegerField()), 0),
        )
    )


def _account_facts(ctx: Context, period: Period) -> dict:
    rows = key_accounts(period).values(
        "pk",
        "current_level",
        "target_level",
        "holders",
        *[f"has_{tier}" for tier in Tier.values],
        org_id=F("organisation_id"),
        root_id=F("organisation_id"),
        unit=F("manager__staff_profile__unit_id"),
    )
    return ctx.distribute(rows, "unit")


def _covered(row) -> bool:
    level = Level(max(row["current_level"], row["target_level"]))
    return all(row[f"has_{tier}"] for tier in TIERS_NEEDED_BY_LEVEL[level])


def interactions_in(period: Period) -> QuerySet:
    return Interaction.objects.filter(**_between("occurred_at", period))


def interactions_at_accounts(period: Period) -> QuerySet:
    return interactions_in(period).filter(
        organisation__root_id__in=Account.objects.values("organisation_id")
    )


def all_accounts(period: Period) -> QuerySet:
    return Account.objects.select_related("organisation")


def commitments_due(period: Period) -> QuerySet:
    return Commitment.objects.filter(due_on__gte=period.start, due_on__lt=period.end).exclude(
        status=Commitment.Status.CANCELLED
    )


def interventions_closed(period: Period) -> QuerySet:
    return Intervention.objects.filter(
        status__in=[Intervention.Status.DONE, Intervention.Status.CANCELLED],
        **_between("closed_at", period),
    )


def issues_open_at_end(period: Period) -> QuerySet:
    _, end = period.bounds()
    return Issue.objects.filter(opened_at__lt=end).filter(
        Q(resolved_at__isnull=True) | Q(resolved_at__gte=end)
    )


def issues_resolved(period: Period) -> QuerySet:
    return Issue.objects.filter(**_between("resolved_at", period))


def issues_acknowledged(period: Period) -> QuerySet:
    return Issue.objects.filter(**_between("acknowledged_at", period))


def late_deliveries_at_key_accounts(period: Period) -> QuerySet:
    return Issue.objects.filter(
        category=Issue.Category.LATE_DELIVERY,
        organisation__root__is_key_account=True,
        **_between("opened_at", period),
    )


def escalated_issues(period: Period) -> QuerySet:
    # An escalation without a recorded time counts when the issue was opened.
    return Issue.objects.filter(escalated=True).filter(
        Q(**_between("escalated_at", period))
        | Q(escalated_at__isnull=True, **_between("opened_at", period))
    )


def dormancy_days() -> int:
    return settings.RELMAP_DORMANT_DAYS["executive"]


def executive_relationships(period: Period) -> QuerySet:
    """Executive relationships that have not ended, each marked dormant when no interaction
    joined its two people in the `dormancy_days()` before the end of the period.

    Relies on `last_interaction_at`, which the stakeholders services keep with every logged
    interaction (None: they never met)."""
    _, end = period.bounds()
    cutoff = end - timedelta(days=dormancy_days())
    recent = Interaction.objects.filter(
        occurred_at__gte=cutoff,
        occurred_at__lt=end,
        contacts=OuterRef("contact_id"),
        staff=OuterRef("staff_id"),
    )
    return (
        Relationship.objects.filter(tier=Tier.EXECUTIVE, contact__deleted_at__isnull=True)
        .exclude(status=Relationship.Status.ENDED)
        .select_related("contact__organisation", "staff")
        .annotate(
            dormant=Case(
                # The running aggregate answers without touching the interactions, unless an
                # interaction after the period's end has moved it on.
                When(last_interaction_at__isnull=True, then=Value(True)),
                When(
                    last_interaction_at__lt=end,
                    then=ExpressionWrapper(
                        Q(last_interaction_at__lt=cutoff), output_field=BooleanField()
                    ),
                ),
                default=ExpressionWrapper(~Exists(recent), output_field=BooleanField()),
                output_field=BooleanField(),
            )
        )
    )


def dormant_executive_relationships_rows(period: Period) -> QuerySet:
    return executive_relationships(period).filter(dormant=True)


def their_requests(period: Period) -> QuerySet:
    return Assessment.objects.filter(
        side=Assessment.Side.THEIRS, **_between("requested_at", period)
    ).select_related("account__organisation")


def their_answers(period: Period) -> QuerySet:
    return Assessment.objects.filter(
        side=Assessment.Side.THEIRS, **_between("assessed_at", period)
    ).select_related("account__organisation")
