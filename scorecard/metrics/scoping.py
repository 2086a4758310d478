"""How the rows of each table relate to scopes, and aggregating them for every scope at once."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from interventions.models import Interaction
from scorecard.models import ScopeKind
from scorecard.registry import Result
from scorecard.scopes import Scope
from stakeholders.models import Account, Organisation, StaffProfile

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
