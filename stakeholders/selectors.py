"""Reads about stakeholders that pages, the API and the other apps share."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone

from stakeholders import access, dormancy
from stakeholders.models import (
    Account,
    Community,
    Contact,
    Organisation,
    Relationship,
    Role,
    Seniority,
    Tier,
    Unit,
)

User = get_user_model()


def accounts_for(user):
    """The accounts a user manages or is on the team of, with their last contact (one query)."""
    last_contact = (
        Relationship.objects.filter(contact__organisation__root_id=OuterRef("organisation_id"))
        .values("contact__organisation__root_id")
        .annotate(last=Max("last_interaction_at"))
        .values("last")
    )
    return (
        Account.objects.filter(Q(manager=user) | Q(team=user))
        .distinct()
        .select_related("organisation", "manager")
        .annotate(last_contact_at=Subquery(last_contact))
        .annotate(team_size=Count("team", distinct=True))
        .order_by("organisation__name")
    )


# --- the relationship map ---------------------------------------------------------------------
# Every analysis below reads a fixed number of queries for any number of accounts and
# relationships: rows are fetched once for all accounts in scope and grouped in Python.
#
# Dormant and active are as stakeholders/dormancy.py defines them, as everywhere else.


def map_accounts(user, *, community: Community | None = None):
    """The accounts on `user`'s relationship map (those whose relationships they may see),
    optionally within one community, by name."""
    accounts = Account.objects.visible_to(user).select_related("organisation")
    if community is not None:
        accounts = accounts.filter(organisation__communities=community)
    return accounts.order_by("organisation__name", "pk")


def hidden_account_count(user, *, community: Community | None = None) -> int:
    """How many fenced accounts are left out of `user`'s map (the only thing shown of them)."""
    if access.sees_everything(user):
        return 0
    hidden = Account.objects.filter(pk__in=access.hidden_account_ids(user))
    if community is not None:
        hidden = hidden.filter(organisation__communities=community)
    return hidden.count()


@dataclass(frozen=True)
class Gap:
    """Something an account's level needs that nobody on our side holds."""

    KIND_EXECUTIVE_CONTACT = "executive_contact"
    KIND_TIER_NOT_HELD = "tier_not_held"

    account: Account
    kind: str
    tier: str
    contact: Contact | None = None

    @property
    def message(self) -> str:
        if self.contact is not None:
            return f"{self.contact.full_name} is an executive with no active executive relationship"
        return f"Nobody holds an active {self.tier} relationship; the account's level needs one"


@dataclass
class AccountView:
    """Everything the map says about one account."""

    account: Account
    coverage: dict[str, int]
    gaps: list[Gap]
    single_threaded: bool
    dormant: list[Relationship]

    @property
    def organisation(self) -> Organisation:
        return self.account.organisation

    @property
    def missing_tiers(self) -> list[str]:
        """The tiers the account's level needs that nobody holds (empty: its needs are met)."""
        return [t for t in self.account.tiers_needed if not self.coverage[t]]


class RelationshipMap:
    """The analyses of the relationship map over some accounts, as `user` may see them.

    `unit` narrows "our side" to the people of one unit; `tier` narrows gaps and dormant
    relationships to one tier. Each analysis is computed once, on first use, in one query.
    """

    def __init__(
        self,
        user,
        accounts,
        *,
        unit: Unit | None = None,
        tier: str | None = None,
        now: datetime | None = None,
    ):
        self.user = user
        self.accounts = list(accounts)
        self.unit = unit
        self.tier = tier
        self.now = now or timezone.now()
        self._by_root = {a.organisation_id: a for a in self.accounts}

    def _relationships(self):
        rels = Relationship.objects.visible_to(self.user).filter(
            contact__organisation__root_id__in=list(self._by_root)
        )
        if self.unit is not None:
            rels = rels.filter(staff__staff_profile__unit=self.unit)
        return rels

    def _active(self):
        return (
            self._relationships()
            .filter(status=Relationship.Status.ACTIVE)
            .exclude(dormancy.lapsed(self.now))
        )

    @cached_property
    def holders(self) -> dict[int, dict[str, set[int]]]:
        """Account organisation id → tier → ids of our people holding an active relationship."""
        held: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        rows = (
            self._active()
            .values_list("contact__organisation__root_id", "tier", "staff_id")
            .distinct()
        )
        for root_id, tier, staff_id in rows:
            held[root_id][tier].add(staff_id)
        return held

    @cached_property
    def coverage(self) -> dict[int, dict[str, int]]:
        """Account id → tier → how many of our people hold an active relationship there."""
        return {
            a.pk: {t: len(self.holders[a.organisation_id][t]) for t in Tier.values}
            for a in self.accounts
        }

    @cached_property
    def executive_gaps(self) -> dict[int, list[Gap]]:
        """Account id → their executives with no active executive relationship on our side."""
        gaps: dict[int, list[Gap]] = defaultdict(list)
        if self.tier not in (None, Tier.EXECUTIVE):
            return gaps
        covered = self._active().filter(tier=Tier.EXECUTIVE, contact_id=OuterRef("pk"))
        contacts = (
            Contact.objects.visible_to(self.user)
            .filter(
                seniority=Seniority.EXECUTIVE,
                organisation__root_id__in=list(self._by_root),
            )
            .exclude(Exists(covered))
            .select_related("organisation")
            .order_by("last_name", "first_name", "pk")
        )
        for contact in contacts:
            account = self._by_root[contact.organisation.root_id]
            gaps[account.pk].append(
                Gap(account, Gap.KIND_EXECUTIVE_CONTACT, Tier.EXECUTIVE, contact)
            )
        return gaps

    @cached_property
    def gaps(self) -> dict[int, list[Gap]]:
        """Account id → its gaps: tiers its level needs that nobody holds, then executives."""
        result = {}
        for a in self.accounts:
            missing = [
                Gap(a, Gap.KIND_TIER_NOT_HELD, t)
                for t in a.tiers_needed
                if not self.holders[a.organisation_id][t] and self.tier in (None, t)
            ]
            result[a.pk] = missing + self.executive_gaps.get(a.pk, [])
        return result

    @cached_property
    def single_threaded(self) -> set[int]:
        """Ids of accounts where one person holds every active relationship."""
        return {
            a.pk
            for a in self.accounts
            if len(set().union(*self.holders[a.organisation_id].values())) == 1
        }

    @cached_property
    def single_threaded_holders(self) -> dict[int, "User"]:
        """Account id → the one person holding it, for single-threaded accounts (one query)."""
        holder_of = {
            a.pk: next(iter(set().union(*self.holders[a.organisation_id].values())))
            for a in self.accounts
            if a.pk in self.single_threaded
        }
        people = User.objects.in_bulk(set(holder_of.values())) if holder_of else {}
        return {account_id: people[user_id] for account_id, user_id in holder_of.items()}

    def dormant_relationships(self, tier: str | None = None) -> dict[int, list[Relationship]]:
        """Account id → relationships gone quiet past their tier's limit (not ended)."""
        tier = tier or self.tier
        rels = (
            self._relationships()
            .filter(dormancy.dormant(self.now))
            .select_related("staff", "contact", "contact__organisation")
            .order_by("last_interaction_at", "pk")
        )
        if tier:
            rels = rels.filter(tier=tier)
        dormant: dict[int, list[Relationship]] = defaultdict(list)
        for rel in rels:
            rel.days_since_contact = (
                (self.now - rel.last_interaction_at).days if rel.last_interaction_at else None
            )
            dormant[self._by_root[rel.contact.organisation.root_id].pk].append(rel)
        return dormant

    @cached_property
    def dormant(self) -> dict[int, list[Relationship]]:
        return self.dormant_relationships()

    def account_views(self) -> list[AccountView]:
        return [
            AccountView(
                account=a,
                coverage=self.coverage[a.pk],
                gaps=self.gaps[a.pk],
                single_threaded=a.pk in self.single_threaded,
                dormant=self.dormant.get(a.pk, []),
            )
            for a in self.accounts
        ]


def account_map(user, account: Account, *, now: datetime | None = None) -> AccountView:
    """The analyses of one account (the caller has checked that `user` may see it)."""
    return RelationshipMap(user, [account], now=now).account_views()[0]


def coverage(user, accounts, **scope) -> dict[int, dict[str, int]]:
    return RelationshipMap(user, accounts, **scope).coverage


def gaps(user, accounts, **scope) -> dict[int, list[Gap]]:
    return RelationshipMap(user, accounts, **scope).gaps


def single_threaded_accounts(user, accounts, **scope) -> set[int]:
    return RelationshipMap(user, accounts, **scope).single_threaded


def dormant_relationships(user, accounts, **scope) -> dict[int, list[Relationship]]:
    return RelationshipMap(user, accounts, **scope).dormant


@dataclass
class CounterpartRow:
    contact: Contact
    # One entry per column (our executives, in order): the relationship, or None.
    cells: list[Relationship | None]


def executive_counterpart_matrix(user, organisation: Organisation):
    """Our executives (columns) × their executive contacts (rows), with last contact.

    Three queries: our executives, their executives in the organisation's whole hierarchy,
    and the relationships between the two.
    """
    root_id = organisation.root_id or organisation.pk
    executives = list(
        User.objects.filter(staff_profile__role=Role.EXECUTIVE, is_active=True)
        .select_related("staff_profile")
        .order_by("last_name", "first_name", "username")
    )
    contacts = list(
        Contact.objects.visible_to(user)
        .filter(seniority=Seniority.EXECUTIVE, organisation__root_id=root_id)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )
    pairs = {
        (r.staff_id, r.contact_id): r
        for r in Relationship.objects.visible_to(user).filter(
            staff__in=[u.pk for u in executives], contact__in=[c.pk for c in contacts]
        )
    }
    rows = [CounterpartRow(c, [pairs.get((u.pk, c.pk)) for u in executives]) for c in contacts]
    return executives, rows
