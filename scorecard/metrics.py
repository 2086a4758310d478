"""The built-in metric functions, registered by code with `@metric("code", ...)`.

Each function computes its measure for one period (usually a month) and for every scope of a
`Context` at once, in a constant number of queries whatever the data size:

- over the big tables (interactions, issues, commitments, ...), one query gives the company,
  every community and every unit as filtered aggregates (`COUNT(*) FILTER (WHERE ...)`), and
  one more gives every account, grouped by the top of the organisation's hierarchy;
- over smaller sets (key accounts, executive relationships, the issues resolved in a month for
  a median) one query fetches the rows and Python hands each row to the scopes it belongs to.

A function returns `{scope.key: Result}`; a scope it leaves out has no data. See
docs/scorecard.md for the exact definitions and edge cases.
"""

import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf

from interventions.models import Commitment, Interaction, Intervention, Issue
from scorecard.models import Measure, ScopeKind
from scorecard.periods import Period
from scorecard.scopes import Scope
from stakeholders.models import (
    TIERS_NEEDED_BY_LEVEL,
    Account,
    Assessment,
    Level,
    Organisation,
    Relationship,
    StaffProfile,
    Tier,
)

Rollup = Measure.Rollup


@dataclass(frozen=True)
class Result:
    value: float | None
    numerator: float | None = None
    denominator: float | None = None


NO_DATA = Result(None)


# --- how rows relate to scopes -----------------------------------------------------------


def _members(community_id: int) -> QuerySet:
    return Organisation.communities.through.objects.filter(community_id=community_id).values(
        "organisation_id"
    )


def _staff_of(unit_id: int) -> QuerySet:
    return StaffProfile.objects.filter(unit_id=unit_id).values("user_id")


@dataclass(frozen=True)
class Source:
    """How the rows of one table relate to scopes.

    `org` leads from a row to its organisation; `unit` gives the rows that are the work of a
    unit's staff (from the ids of its people); `community` (optional) adds rows aimed at a
    community itself; `unit_field` names a row's unit where there is a single one.
    """

    org: str
    unit: Callable[[int, object], Q]
    unit_field: str | None = None
    community: Callable[[int], Q] | None = None

    def scope_q(self, scope: Scope, staff=None) -> Q | None:
        """The rows of `scope`; `staff` may give a unit's user ids (else a subquery)."""
        if scope.kind == ScopeKind.COMPANY:
            return None
        if scope.kind == ScopeKind.UNIT:
            return self.unit(scope.id, _staff_of(scope.id) if staff is None else staff)
        if scope.kind == ScopeKind.ACCOUNT:
            return Q(**{f"{self.org}__root__account": scope.id})
        q = Q(**{f"{self.org}__in": _members(scope.id)}) | Q(
            **{f"{self.org}__root__in": _members(scope.id)}
        )
        return q | self.community(scope.id) if self.community else q


def _by(field: str) -> Callable[[int, object], Q]:
    return lambda unit_id, staff: Q(**{f"{field}__in": staff})


def _interaction_unit(unit_id: int, staff) -> Q:
    # Logged by someone in the unit, or with someone of the unit taking part. EXISTS keeps one
    # row per interaction, however many of the unit's people were there.
    with_staff = Interaction.staff.through.objects.filter(
        interaction_id=OuterRef("pk"), user_id__in=staff
    )
    return Q(logged_by_id__in=staff) | Q(Exists(with_staff))


INTERACTIONS = Source(org="organisation", unit=_interaction_unit)
ISSUES = Source(
    org="organisation", unit=_by("owner_id"), unit_field="owner__staff_profile__unit_id"
)
COMMITMENTS = Source(org="organisation", unit=_by("owner_id"))
INTERVENTIONS = Source(
    org="organisation",
    unit=lambda unit_id, staff: Q(unit_id=unit_id),
    community=lambda community_id: Q(community_id=community_id),
)
RELATIONSHIPS = Source(
    org="contact__organisation", unit=_by("staff_id"), unit_field="staff__staff_profile__unit_id"
)
ASSESSMENTS = Source(org="account__organisation", unit=_by("account__manager_id"))
# An account belongs to the unit of its manager: the unit responsible for it.
ACCOUNTS = Source(
    org="organisation",
    unit=_by("manager_id"),
    unit_field="manager__staff_profile__unit_id",
)


class Context:
    """The scopes one computation covers, and what the metrics need to know about them."""

    def __init__(self, scopes: list[Scope]):
        self.scopes = scopes
        self.sql_scopes = [s for s in scopes if s.kind != ScopeKind.ACCOUNT]
        self.account_ids = {s.id for s in scopes if s.kind == ScopeKind.ACCOUNT}
        self.community_ids = {s.id for s in scopes if s.kind == ScopeKind.COMMUNITY}
        self.unit_ids = {s.id for s in scopes if s.kind == ScopeKind.UNIT}
        self.has_company = any(s.kind == ScopeKind.COMPANY for s in scopes)

    @cached_property
    def staff_of_unit(self) -> dict[int, list[int]]:
        found = defaultdict(list)
        for user_id, unit_id in StaffProfile.objects.filter(unit_id__in=self.unit_ids).values_list(
            "user_id", "unit_id"
        ):
            found[unit_id].append(user_id)
        return found

    @cached_property
    def account_of_root(self) -> dict[int, int]:
        return dict(
            Account.objects.filter(pk__in=self.account_ids).values_list("organisation_id", "pk")
        )

    @cached_property
    def communities_of(self) -> dict[int, set[int]]:
        found = defaultdict(set)
        for org_id, community_id in Organisation.communities.through.objects.filter(
            community_id__in=self.community_ids
        ).values_list("organisation_id", "community_id"):
            found[org_id].add(community_id)
        return found

    def scopes_of(self, org_id, root_id, unit_id) -> list[tuple[str, int]]:
        """The scope keys a row at `org_id` (top `root_id`), done by `unit_id`, belongs to."""
        keys = [(ScopeKind.COMPANY, 0)] if self.has_company else []
        if org_id is not None:
            root_id = root_id or org_id
            for community_id in self.communities_of.get(org_id, set()) | self.communities_of.get(
                root_id, set()
            ):
                keys.append((ScopeKind.COMMUNITY, community_id))
            if root_id in self.account_of_root:
                keys.append((ScopeKind.ACCOUNT, self.account_of_root[root_id]))
        if unit_id in self.unit_ids:
            keys.append((ScopeKind.UNIT, unit_id))
        return keys

    def aggregate(self, source: Source, rows: QuerySet, finish, **parts) -> dict:
        """Aggregate `parts` (name → factory of a filtered aggregate) for every scope: two
        queries, one for the company, communities and units, one for the accounts."""
        out = {}
        columns = {}
        for i, scope in enumerate(self.sql_scopes):
            where = source.scope_q(scope, self.staff_of_unit.get(scope.id, []))
            for name, make in parts.items():
                columns[f"{name}_{i}"] = make(where)
        if columns:
            totals = rows.order_by().aggregate(**columns)
            for i, scope in enumerate(self.sql_scopes):
                out[scope.key] = finish(**{n: totals[f"{n}_{i}"] or 0 for n in parts})
        if self.account_ids:
            root = f"{source.org}__root_id"
            grouped = (
                rows.filter(**{f"{root}__in": list(self.account_of_root)})
                .order_by()
                .values(root)
                .annotate(**{n: make(None) for n, make in parts.items()})
            )
            found = {row[root]: row for row in grouped}
            for root_id, account_id in self.account_of_root.items():
                row = found.get(root_id, {})
                out[(ScopeKind.ACCOUNT, account_id)] = finish(**{n: row.get(n) or 0 for n in parts})
        return out

    def distribute(self, rows, unit_field: str | None) -> dict[tuple[str, int], list]:
        """Hand each row (a dict with organisation, root and unit) to the scopes it belongs to."""
        out = defaultdict(list)
        for row in rows:
            for key in self.scopes_of(row["org_id"], row["root_id"], row.get(unit_field)):
                out[key].append(row)
        return out


def _both(a: Q | None, b: Q | None) -> Q | None:
    if a is None:
        return b
    if b is None:
        return a
    return a & b


def count(where: Q | None = None):
    return lambda scope: Count("pk", filter=_both(where, scope))


def total(expression, where: Q | None = None):
    return lambda scope: Sum(expression, filter=_both(where, scope))


def as_count(n) -> Result:
    return Result(float(n))


def as_percent(num, den) -> Result:
    return Result(100.0 * num / den if den else None, float(num), float(den))


def as_mean(num, den) -> Result:
    return Result(num / den if den else None, float(num), float(den))


# --- the registry -----------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    code: str
    compute: Callable[[Context, Period], dict]
    rollup: str
    source: Source
    rows: Callable[[Period], QuerySet]
    # value = scale * numerator / denominator, for measures that roll up as a ratio.
    scale: float = 1.0

    def records(self, scope: Scope, period: Period) -> QuerySet:
        """The rows behind the measure's value for one scope and period."""
        where = self.source.scope_q(scope)
        rows = self.rows(period)
        return rows.filter(where) if where is not None else rows


REGISTRY: dict[str, Metric] = {}


def metric(code: str, *, rollup: str, source: Source, rows, scale: float = 1.0):
    """Register a metric function under its stable code."""

    def register(fn):
        REGISTRY[code] = Metric(code, fn, rollup, source, rows, scale)
        return fn

    return register


# --- rows -----------------------------------------------------------


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


# --- Organisation -----------------------------------------------------------


@metric("key_account_coverage", rollup=Rollup.LAST, source=ACCOUNTS, rows=key_accounts, scale=100)
def key_account_coverage(ctx: Context, period: Period) -> dict:
    """% of key accounts with an active relationship at every tier their level needs."""
    return {
        key: as_percent(sum(_covered(r) for r in rows), len(rows))
        for key, rows in _account_facts(ctx, period).items()
    }


@metric(
    "key_accounts_at_target_level",
    rollup=Rollup.LAST,
    source=ACCOUNTS,
    rows=key_accounts,
    scale=100,
)
def key_accounts_at_target_level(ctx: Context, period: Period) -> dict:
    """% of key accounts whose current level ≥ target level."""
    return {
        key: as_percent(sum(r["current_level"] >= r["target_level"] for r in rows), len(rows))
        for key, rows in _account_facts(ctx, period).items()
    }


def single_threaded_rows(period: Period) -> QuerySet:
    return key_accounts(period).filter(holders=1)


@metric(
    "single_threaded_key_accounts",
    rollup=Rollup.LAST,
    source=ACCOUNTS,
    rows=single_threaded_rows,
)
def single_threaded_key_accounts(ctx: Context, period: Period) -> dict:
    """Count of key accounts where one person holds every relationship."""
    return {
        key: Result(float(sum(r["holders"] == 1 for r in rows)), None, float(len(rows)))
        for key, rows in _account_facts(ctx, period).items()
    }


@metric(
    "dormant_executive_relationships",
    rollup=Rollup.LAST,
    source=RELATIONSHIPS,
    rows=dormant_executive_relationships_rows,
)
def dormant_executive_relationships(ctx: Context, period: Period) -> dict:
    """Count of executive relationships with no interaction in 90 days."""
    # Fetched and handed out in Python, so that the NOT EXISTS runs once per relationship
    # rather than once per scope.
    rows = executive_relationships(period).values(
        "dormant",
        org_id=F("contact__organisation_id"),
        root_id=F("contact__organisation__root_id"),
        unit=F(RELATIONSHIPS.unit_field),
    )
    return {
        key: Result(float(sum(r["dormant"] for r in held)), None, float(len(held)))
        for key, held in ctx.distribute(rows, "unit").items()
    }


@metric(
    "survey_response_rate", rollup=Rollup.RATIO, source=ASSESSMENTS, rows=their_requests, scale=100
)
def survey_response_rate(ctx: Context, period: Period) -> dict:
    """% of assessment requests answered by the stakeholder side."""
    return ctx.aggregate(
        ASSESSMENTS,
        their_requests(period),
        as_percent,
        num=count(Q(assessed_at__isnull=False)),
        den=count(),
    )


_ANSWERED = [
    Case(When(**{f"{f}__isnull": False}, then=Value(1)), default=Value(0))
    for f in Assessment.SCORE_FIELDS
]
# One assessment's TOTAL: the mean of the scales it answered.
_TOTAL = ExpressionWrapper(
    sum((Coalesce(F(f), 0) for f in Assessment.SCORE_FIELDS), Value(0))
    * Value(1.0)
    / NullIf(sum(_ANSWERED, Value(0)), Value(0)),
    output_field=FloatField(),
)


@metric("total_score_theirs", rollup=Rollup.RATIO, source=ASSESSMENTS, rows=their_answers)
def total_score_theirs(ctx: Context, period: Period) -> dict:
    """Mean TOTAL score (1–5) of assessments by the stakeholder side."""
    has_scores = Q(
        *[Q(**{f"{f}__isnull": False}) for f in Assessment.SCORE_FIELDS], _connector=Q.OR
    )
    return ctx.aggregate(
        ASSESSMENTS,
        their_answers(period),
        as_mean,
        num=lambda scope: Sum(_TOTAL, filter=_both(has_scores, scope), output_field=FloatField()),
        den=count(has_scores),
    )


@metric("nps", rollup=Rollup.RATIO, source=ASSESSMENTS, rows=their_answers, scale=100)
def nps(ctx: Context, period: Period) -> dict:
    """Net promoter score from assessments that asked it: % promoters (9–10) − % detractors
    (0–6), from −100 to +100."""

    def finish(promoters, detractors, asked):
        return as_percent(promoters - detractors, asked)

    return ctx.aggregate(
        ASSESSMENTS,
        their_answers(period).filter(nps__isnull=False),
        finish,
        promoters=count(Q(nps__gte=9)),
        detractors=count(Q(nps__lte=6)),
        asked=count(),
    )


# --- People -----------------------------------------------------------


@metric(
    "interactions_per_account",
    rollup=Rollup.RATIO,
    source=INTERACTIONS,
    rows=interactions_at_accounts,
)
def interactions_per_account(ctx: Context, period: Period) -> dict:
    """Interactions per account per month: interactions at accounts' organisations (and their
    divisions), over the number of accounts × months."""
    touches = ctx.aggregate(INTERACTIONS, interactions_at_accounts(period), lambda n: n, n=count())
    accounts = ctx.distribute(
        all_accounts(period).values(
            org_id=F("organisation_id"),
            root_id=F("organisation_id"),
            unit=F("manager__staff_profile__unit_id"),
        ),
        "unit",
    )
    return {
        key: as_mean(touches.get(key, 0), len(rows) * period.months)
        for key, rows in accounts.items()
    }


@metric("average_sentiment", rollup=Rollup.RATIO, source=INTERACTIONS, rows=interactions_in)
def average_sentiment(ctx: Context, period: Period) -> dict:
    """Mean interaction sentiment (−2 … +2)."""
    return ctx.aggregate(
        INTERACTIONS, interactions_in(period), as_mean, num=total("sentiment"), den=count()
    )


@metric(
    "commitments_kept_pct",
    rollup=Rollup.RATIO,
    source=COMMITMENTS,
    rows=commitments_due,
    scale=100,
)
def commitments_kept_pct(ctx: Context, period: Period) -> dict:
    """% of commitments due in the period that were kept on or before their due date."""
    kept = Q(status=Commitment.Status.KEPT, closed_at__date__lte=F("due_on"))
    return ctx.aggregate(
        COMMITMENTS, commitments_due(period), as_percent, num=count(kept), den=count()
    )


# --- Interventions -----------------------------------------------------------


@metric(
    "interventions_single_purpose_pct",
    rollup=Rollup.RATIO,
    source=INTERVENTIONS,
    rows=interventions_closed,
    scale=100,
)
def interventions_single_purpose_pct(ctx: Context, period: Period) -> dict:
    """% of interventions closed in the period with one purpose and a recorded outcome."""
    well_run = ~Q(purpose="") & (~Q(outcome_rating="") | ~Q(actual_outcome=""))
    return ctx.aggregate(
        INTERVENTIONS, interventions_closed(period), as_percent, num=count(well_run), den=count()
    )


@metric(
    "interventions_achieved_pct",
    rollup=Rollup.RATIO,
    source=INTERVENTIONS,
    rows=interventions_closed,
    scale=100,
)
def interventions_achieved_pct(ctx: Context, period: Period) -> dict:
    """% of interventions closed in the period rated achieved."""
    achieved = Q(outcome_rating=Intervention.OutcomeRating.ACHIEVED)
    return ctx.aggregate(
        INTERVENTIONS, interventions_closed(period), as_percent, num=count(achieved), den=count()
    )


# --- Processes & Systems -----------------------------------------------------------


@metric("open_issues", rollup=Rollup.LAST, source=ISSUES, rows=issues_open_at_end)
def open_issues(ctx: Context, period: Period) -> dict:
    """Issues open at the end of the period."""
    return ctx.aggregate(ISSUES, issues_open_at_end(period), as_count, n=count())


@metric(
    "median_issue_turnaround_days",
    rollup=Rollup.MEDIAN,
    source=ISSUES,
    rows=issues_resolved,
)
def median_issue_turnaround_days(ctx: Context, period: Period) -> dict:
    """Median days from opened to resolved, for issues resolved in the period."""
    rows = issues_resolved(period).values(
        "opened_at",
        "resolved_at",
        org_id=F("organisation_id"),
        root_id=F("organisation__root_id"),
        unit=F(ISSUES.unit_field),
    )
    day = timedelta(days=1)
    return {
        key: Result(
            statistics.median((r["resolved_at"] - r["opened_at"]) / day for r in found),
            None,
            float(len(found)),
        )
        for key, found in ctx.distribute(rows, "unit").items()
    }


@metric(
    "late_delivery_complaints_key_accounts",
    rollup=Rollup.SUM,
    source=ISSUES,
    rows=late_deliveries_at_key_accounts,
)
def late_delivery_complaints_key_accounts(ctx: Context, period: Period) -> dict:
    """Late-delivery issues opened in the period at key accounts."""
    return ctx.aggregate(ISSUES, late_deliveries_at_key_accounts(period), as_count, n=count())


@metric("escalations", rollup=Rollup.SUM, source=ISSUES, rows=escalated_issues)
def escalations(ctx: Context, period: Period) -> dict:
    """Issues escalated in the period."""
    return ctx.aggregate(ISSUES, escalated_issues(period), as_count, n=count())
