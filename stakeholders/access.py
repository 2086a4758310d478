"""Who may see and do what: the one place the picket fence and roles are decided.

Pages, the API and exports all call these functions (through the `visible_to` querysets and
`get_visible_or_404`), so a rule changed here changes everywhere.

The picket fence: a fenced account's contacts, relationships, assessments, interactions,
commitments and issues (of its organisation and every division) are visible only to its team,
its manager, executives and administrators. Only the team and the manager (and administrators)
may write there. Everyone may see that the organisation exists and who holds its fence.

Interventions: one aimed at an organisation is fenced detail of that organisation's account;
one aimed at people is visible to whoever may see at least one of them (never those they may
not), one aimed at a community to everyone. Changing one (editing, starting, closing,
cancelling, deleting) needs the right to write at every organisation it is aimed at.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404

from core.people import person_name

PRIVILEGED_ROLES = frozenset({"executive", "admin"})


def role_of(user) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return "admin"
    profile = getattr(user, "staff_profile", None)
    return profile.role if profile is not None else None


def is_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or role_of(user) == "admin")


def sees_everything(user) -> bool:
    """Executives and administrators see behind every fence."""
    return user.is_authenticated and role_of(user) in PRIVILEGED_ROLES


def hidden_root_ids(user) -> QuerySet:
    """Ids of top-level organisations whose fenced detail `user` may not see (a subquery)."""
    Account = apps.get_model("stakeholders", "Account")
    return (
        Account.objects.filter(is_fenced=True)
        .exclude(team=user)
        .exclude(Q(manager=user))
        .values("organisation_id")
    )


def hidden_account_ids(user) -> QuerySet:
    """Ids of the accounts whose fenced detail `user` may not see (a subquery)."""
    Account = apps.get_model("stakeholders", "Account")
    return Account.objects.filter(organisation_id__in=hidden_root_ids(user)).values("pk")


def filter_fenced(queryset: QuerySet, user, root_path: str) -> QuerySet:
    """Keep the rows of `queryset` the user may see; `root_path` leads to the top organisation."""
    if not user.is_authenticated:
        return queryset.none()
    if sees_everything(user):
        return queryset
    return queryset.exclude(**{f"{root_path}__in": hidden_root_ids(user)})


def fenced_account_for(organisation):
    """The fenced account covering `organisation` (or a parent of it), or None."""
    Account = apps.get_model("stakeholders", "Account")
    if organisation is None:
        return None
    root_id = organisation.root_id or organisation.pk
    return Account.objects.filter(organisation_id=root_id, is_fenced=True).first()


def is_behind_fence(user, organisation) -> bool:
    """True when `organisation`'s detail is hidden from `user` by a picket fence."""
    if organisation is None or sees_everything(user):
        return False
    root_id = organisation.root_id or organisation.pk
    return hidden_root_ids(user).filter(organisation_id=root_id).exists()


def can_write_at(user, organisation) -> bool:
    """May `user` log interactions, commitments and issues at `organisation`?"""
    if not user.is_authenticated:
        return False
    if organisation is None or is_admin(user):
        return True
    account = fenced_account_for(organisation)
    if account is None:
        return True
    return account.manager_id == user.pk or account.team.filter(pk=user.pk).exists()


def may_write_at_every(user, organisations) -> bool:
    """May `user` write at each of `organisations` (an empty list: nothing stands in the way)?"""
    return all(can_write_at(user, organisation) for organisation in organisations)


def may_change_intervention(user, targets) -> bool:
    """May `user` edit, start, close, cancel or delete an intervention aimed at `targets`?

    `targets` are the organisations it is aimed at: its organisation, or the organisation of
    every contact it names, including those behind a fence `user` is outside of (the caller
    reads them past any visibility filter). One aimed at a community has none.
    """
    return user.is_authenticated and (is_admin(user) or may_write_at_every(user, targets))


ACCOUNT_GUARDED_FIELDS = ("is_fenced", "team", "manager")


def account_guarded_changes(user, account, changes: dict) -> list[str]:
    """The fence fields (`ACCOUNT_GUARDED_FIELDS`) that `changes` would change on `account`
    (None for a new one) and `user` may not change: only administrators and the account's
    manager decide who holds its fence. Empty when the change is allowed."""
    if account is None:
        manager = changes.get("manager")
        manager_id = manager.pk if manager else None
        changed = [
            name
            for name in ACCOUNT_GUARDED_FIELDS
            if name in changes and changes[name] not in (None, False, [])
        ]
    else:
        manager_id = account.manager_id
        changed = [
            name
            for name in ACCOUNT_GUARDED_FIELDS
            if name in changes and not _same_value(account, name, changes[name])
        ]
    if not changed or is_admin(user) or manager_id == user.pk:
        return []
    return changed


def _same_value(account, name, value) -> bool:
    if name == "team":
        return {u.pk for u in value} == {u.pk for u in account.team.all()}
    return getattr(account, name) == value


def may_manage_account(user, account) -> bool:
    """Administrators and the account's manager decide its fence, team and existence."""
    return is_admin(user) or account.manager_id == user.pk


def may_hand_over(user, instance, new_owner, organisation) -> bool:
    """May `user` make `new_owner` the owner of `instance` (a row at `organisation`)?

    Handing a row over is for its current owner, the manager of the organisation's account and
    administrators; anyone who may write there may claim a row that has no owner.
    """
    if new_owner == instance.owner or is_admin(user) or instance.owner_id == user.pk:
        return True
    if instance.owner_id is None and new_owner == user:
        return True
    if organisation is None:
        return False
    Account = apps.get_model("stakeholders", "Account")
    return Account.objects.filter(
        organisation_id=organisation.root_id or organisation.pk, manager=user
    ).exists()


def roots_closed_to_writes(user) -> set[int]:
    """Ids of the top organisations `user` may not write at, for checking many rows at once
    (the rule of `can_write_at`; one query, none for administrators)."""
    if not user.is_authenticated:
        raise ValueError("Nobody signed in may write anywhere.")
    if is_admin(user):
        return set()
    return set(hidden_root_ids(user).values_list("organisation_id", flat=True))


def fence_refusal_message(organisation) -> str:
    account = fenced_account_for(organisation)
    if account is None:
        return ""
    holders = [person_name(u) for u in account.team.all()]
    if account.manager and person_name(account.manager) not in holders:
        holders.insert(0, person_name(account.manager))
    names = ", ".join(holders) or "its account team"
    return (
        f"{account.organisation} is behind a picket fence: only its account team may interact "
        f"with it. Ask {names}."
    )


def get_visible_or_404(queryset: QuerySet, user, **lookup):
    """Fetch one object through `queryset.visible_to(user)`; 404 for what the user may not see."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the given query.") from None


def handled_scopes(user) -> set[tuple[str, int]] | None:
    """The scorecard scopes `user` answers for, as (kind, id); None means every scope.

    Executives and administrators answer everywhere; an account's manager and team for the
    account, a unit's head for the unit, and for each community the unit owns. Three queries.
    """
    if not user.is_authenticated:
        return set()
    if role_of(user) in PRIVILEGED_ROLES:
        return None
    Account = apps.get_model("stakeholders", "Account")
    Unit = apps.get_model("stakeholders", "Unit")
    Community = apps.get_model("stakeholders", "Community")
    accounts = Account.objects.filter(Q(manager=user) | Q(team=user)).values_list("pk", flat=True)
    units = Unit.objects.filter(head=user).values_list("pk", flat=True)
    communities = Community.objects.filter(owner_unit__head=user).values_list("pk", flat=True)
    return (
        {("account", pk) for pk in accounts}
        | {("unit", pk) for pk in units}
        | {("community", pk) for pk in communities}
    )


def may_handle_scope(user, kind: str, scope_id: int, handled=False) -> bool:
    """May `user` assign, acknowledge or resolve what is raised for a scorecard scope?
    Pass `handled_scopes(user)` as `handled` when asking for many."""
    handled = handled_scopes(user) if handled is False else handled
    return handled is None or (kind, scope_id) in handled


def scope_owners(kind: str, scope_id: int) -> list:
    """Who answers for a scorecard scope, and is told of what is raised there: an account's
    manager, a unit's head, the head of a community's owning unit, the executives for the
    company (and wherever no one else answers)."""
    owner = None
    if kind == "account":
        Account = apps.get_model("stakeholders", "Account")
        account = Account.objects.filter(pk=scope_id).select_related("manager").first()
        owner = account.manager if account else None
    elif kind == "unit":
        unit = apps.get_model("stakeholders", "Unit").objects.filter(pk=scope_id).first()
        owner = unit.head if unit else None
    elif kind == "community":
        Community = apps.get_model("stakeholders", "Community")
        community = Community.objects.filter(pk=scope_id).select_related("owner_unit__head").first()
        owner = community.owner_unit.head if community and community.owner_unit else None
    if owner is not None and owner.is_active:
        return [owner]
    return list(get_user_model().objects.filter(is_active=True, staff_profile__role="executive"))
