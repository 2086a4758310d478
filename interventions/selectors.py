"""Reads about interventions that span apps: conflicts between interventions.

Two open interventions conflict when they come from different units (or, where a unit is not
known, from different owners), aim at the same organisation hierarchy — an intervention at a
division counts towards its top-level organisation — and their windows share at least one day.
Windows are whole days, both ends included: one ending on the 10th and another starting on the
11th are adjacent, not overlapping. An open intervention at a fenced account by someone outside
its team (and not its manager) is a conflict of its own, and so is captured mail or a meeting
there with one of ours outside the team (a fence breach, for BREACH_DAYS after it happened).
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.utils import timezone

from core.dates import format_window
from core.people import person_name
from interventions.models import Interaction, Intervention
from stakeholders import access
from stakeholders.models import Account, Community, Contact, Organisation, Unit


def _from_different_units(a: Intervention, b: Intervention) -> bool:
    if a.unit_id is not None and b.unit_id is not None:
        return a.unit_id != b.unit_id
    return a.owner_id != b.owner_id


def intervention_conflicts(
    *, intervention: Intervention, contacts: Sequence[Contact] | None = None
) -> list[Intervention]:
    """Open interventions by another unit on the same target, whose windows overlap this one's.

    "Same target" means the same community, or the same organisation hierarchy: an intervention
    at a division conflicts with one at its parent. `intervention` may be one being planned, not
    saved yet; aimed at people, `contacts` names them (a saved one's are read from it).
    """
    if not intervention.is_open:
        return []
    candidates = (
        Intervention.objects.open()
        .exclude(pk=intervention.pk)
        .filter(starts_on__lte=intervention.ends_on, ends_on__gte=intervention.starts_on)
    )
    if intervention.unit_id is not None:
        candidates = candidates.exclude(
            Q(unit_id=intervention.unit_id) | Q(unit__isnull=True, owner_id=intervention.owner_id)
        )
    else:
        candidates = candidates.exclude(owner_id=intervention.owner_id)
    if intervention.target_kind == Intervention.TargetKind.COMMUNITY:
        candidates = candidates.filter(community_id=intervention.community_id)
    else:
        root_ids = _root_ids_of(intervention, contacts)
        candidates = candidates.filter(
            Q(organisation__root_id__in=root_ids) | Q(contacts__organisation__root_id__in=root_ids)
        )
    return list(candidates.select_related("owner", "unit", "organisation").distinct())


def _root_ids_of(intervention: Intervention, contacts: Sequence[Contact] | None) -> list[int]:
    if intervention.organisation_id:
        org = intervention.organisation
        return [org.root_id or org.pk]
    if contacts is not None:
        return list(
            {c.organisation.root_id or c.organisation_id for c in contacts if c.organisation_id}
        )
    return list(
        intervention.contacts.exclude(organisation__isnull=True)
        .values_list("organisation__root_id", flat=True)
        .distinct()
    )


def planner_unit(user) -> Unit | None:
    """The unit that runs what `user` plans: their own, when they have one."""
    profile = getattr(user, "staff_profile", None)
    return profile.unit if profile else None


def plan_conflicts(
    *,
    planner,
    starts_on: date,
    ends_on: date,
    organisation: Organisation | None = None,
    community: Community | None = None,
    contacts: Sequence[Contact] = (),
) -> list[Intervention]:
    """The conflicts an intervention would have if `planner` planned it so, before it is saved."""
    draft = Intervention(
        owner=planner,
        unit=planner_unit(planner),
        organisation=organisation,
        community=community,
        target_kind=(
            Intervention.TargetKind.ORGANISATION
            if organisation is not None
            else Intervention.TargetKind.COMMUNITY
            if community is not None
            else Intervention.TargetKind.CONTACTS
        ),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    return intervention_conflicts(intervention=draft, contacts=list(contacts))


def visible_conflicts(user, conflicts: list[Intervention]) -> tuple[list[Intervention], int]:
    """The `conflicts` that `user` may see, and how many others there are: those are a count
    only, so the user knows to ask without learning what is behind a fence."""
    if not conflicts:
        return [], 0
    visible = set(
        Intervention.objects.visible_to(user)
        .filter(pk__in=[c.pk for c in conflicts])
        .values_list("pk", flat=True)
    )
    shown = [c for c in conflicts if c.pk in visible]
    return shown, len(conflicts) - len(shown)


BREACH_DAYS = 90


def breach_words(interaction: Interaction, outsiders, contacts) -> str:
    """ "Bob Baker e-mailed Chloe Petrov, outside the account team"."""
    verb = "e-mailed" if interaction.kind == Interaction.Kind.EMAIL else "met"
    who = ", ".join(person_name(u) for u in outsiders)
    whom = ", ".join(c.full_name for c in contacts)
    return f"{who} {verb} {whom}, outside the account team"


@dataclass(frozen=True)
class Conflict:
    """A clash at one account: two overlapping interventions, one outside the fence, or a
    captured interaction across the fence (`interaction`, with the `outsiders` of ours)."""

    KIND_OVERLAP = "overlap"
    KIND_OUTSIDE_FENCE = "outside_fence"
    KIND_FENCE_BREACH = "fence_breach"

    kind: str
    organisation: Organisation
    interventions: tuple[Intervention, ...]
    starts_on: date
    ends_on: date
    interaction: Interaction | None = None
    outsiders: tuple = ()

    @property
    def message(self) -> str:
        if self.kind == self.KIND_FENCE_BREACH:
            contacts = self.interaction.contacts.all()
            return breach_words(self.interaction, self.outsiders, contacts)
        if self.kind == self.KIND_OVERLAP:
            a, b = self.interventions
            return (
                f"{team_name(a)} and {team_name(b)} both run interventions at "
                f"{self.organisation} from "
                f"{format_window(self.starts_on, self.ends_on).replace(' – ', ' to ')}"
            )
        (a,) = self.interventions
        return (
            f"{person_name(a.owner)} runs an intervention at fenced {self.organisation} "
            "from outside its team"
        )


def team_name(intervention: Intervention) -> str:
    return intervention.unit.name if intervention.unit_id else person_name(intervention.owner)


def conflicts(
    user, *, organisation_ids=None, unit=None, tier: str | None = None
) -> dict[int, list[Conflict]]:
    """Top-level organisation id → its conflicts, as `user` may see them.

    `organisation_ids` limits the search to those top-level organisations (None: everywhere);
    `unit` and `tier` keep the conflicts one of whose interventions is that unit's or at that
    tier. At most five queries however many interventions: organisation targets, contact
    targets, their interventions and top-level organisations, fenced accounts with teams.
    """
    open_at = (
        Intervention.objects.visible_to(user)
        .open()
        .select_related("owner", "unit", "organisation", "organisation__root")
    )
    by_org = open_at.filter(target_kind=Intervention.TargetKind.ORGANISATION)
    through = access.filter_fenced(
        Intervention.contacts.through.objects.filter(
            intervention__status__in=[Intervention.Status.PLANNED, Intervention.Status.ACTIVE],
            intervention__target_kind=Intervention.TargetKind.CONTACTS,
            contact__organisation__isnull=False,
        ),
        user,
        "contact__organisation__root_id",
    )
    if organisation_ids is not None:
        organisation_ids = list(organisation_ids)
        by_org = by_org.filter(organisation__root_id__in=organisation_ids)
        through = through.filter(contact__organisation__root_id__in=organisation_ids)

    at_root: dict[int, dict[int, Intervention]] = defaultdict(dict)
    roots: dict[int, Organisation] = {}
    for intervention in by_org:
        root = intervention.organisation.root or intervention.organisation
        roots[root.pk] = root
        at_root[root.pk][intervention.pk] = intervention
    targets = set(
        through.values_list("intervention_id", "contact__organisation__root_id").distinct()
    )
    if targets:
        by_contacts = open_at.in_bulk({i for i, _ in targets})
        missing_roots = {r for _, r in targets} - set(roots)
        roots.update(Organisation.objects.in_bulk(missing_roots))
        for intervention_id, root_id in targets:
            if intervention_id in by_contacts:
                at_root[root_id][intervention_id] = by_contacts[intervention_id]

    breaches = _breaches(user, organisation_ids)
    for interaction in breaches:
        org = interaction.organisation
        roots.setdefault(_root_id(org), org.root or org)
    # One row per (fenced account, team member), the manager riding along on each.
    fences: dict[int, set] = defaultdict(set)
    for root_id, manager_id, member_id in Account.objects.filter(
        is_fenced=True,
        organisation_id__in=list(at_root) + [_root_id(i.organisation) for i in breaches],
    ).values_list("organisation_id", "manager_id", "team__id"):
        fences[root_id].update({manager_id, member_id})

    found: dict[int, list[Conflict]] = defaultdict(list)
    for root_id, interventions in at_root.items():
        ordered = sorted(interventions.values(), key=lambda i: (i.starts_on, i.pk))
        for a, b in combinations(ordered, 2):
            if a.overlaps(b) and _from_different_units(a, b):
                found[root_id].append(
                    Conflict(
                        Conflict.KIND_OVERLAP,
                        roots[root_id],
                        (a, b),
                        max(a.starts_on, b.starts_on),
                        min(a.ends_on, b.ends_on),
                    )
                )
        if root_id in fences:
            team = fences[root_id]
            for i in ordered:
                if i.owner_id not in team:
                    found[root_id].append(
                        Conflict(
                            Conflict.KIND_OUTSIDE_FENCE,
                            roots[root_id],
                            (i,),
                            i.starts_on,
                            i.ends_on,
                        )
                    )

    for interaction in breaches:
        root_id = _root_id(interaction.organisation)
        if root_id not in fences:
            continue  # the fence is down: nobody is outside it any more
        outsiders = tuple(
            u
            for u in interaction.staff.all()
            if u.pk not in fences[root_id] and not access.sees_everything(u)
        )
        if outsiders:
            day = timezone.localdate(interaction.occurred_at)
            found[root_id].append(
                Conflict(
                    Conflict.KIND_FENCE_BREACH, roots[root_id], (), day, day, interaction, outsiders
                )
            )

    def wanted(conflict: Conflict) -> bool:
        if conflict.interaction is not None:
            return unit is None and (tier is None or conflict.interaction.tier == tier)
        return (unit is None or any(i.unit_id == unit.pk for i in conflict.interventions)) and (
            tier is None or any(i.tier == tier for i in conflict.interventions)
        )

    return {
        root_id: kept for root_id, items in found.items() if (kept := list(filter(wanted, items)))
    }


def _root_id(organisation: Organisation) -> int:
    return organisation.root_id or organisation.pk


def _breaches(user, organisation_ids) -> list[Interaction]:
    """Captured interactions across a fence in the last BREACH_DAYS that `user` may see."""
    since = timezone.now() - timedelta(days=BREACH_DAYS)
    found = Interaction.objects.visible_to(user).filter(outside_fence=True, occurred_at__gte=since)
    if organisation_ids is not None:
        found = found.filter(organisation__root_id__in=organisation_ids)
    return list(
        found.select_related("organisation__root").prefetch_related(
            Prefetch("staff", get_user_model().objects.select_related("staff_profile")),
            "contacts",
        )
    )


def account_conflicts(user, organisation: Organisation) -> list[Conflict]:
    """The conflicts at `organisation`'s whole hierarchy, as `user` may see them."""
    root_id = organisation.root_id or organisation.pk
    return conflicts(user, organisation_ids=[root_id]).get(root_id, [])


def intervention_conflicts_at(*, organisation, user, limit: int = 50) -> list[tuple]:
    """Open interventions at `organisation`'s hierarchy that `user` may see, with their conflicts.

    Returns `(intervention, [conflicting interventions])` pairs, soonest first, for the
    organisation page. It applies the rules of `intervention_conflicts` to every pair at this
    hierarchy in one query, instead of one query per intervention.
    """
    root_id = organisation.root_id or organisation.pk
    at_root = list(
        Intervention.objects.visible_to(user)
        .open()
        .filter(Q(organisation__root_id=root_id) | Q(contacts__organisation__root_id=root_id))
        .select_related("owner", "unit", "organisation")
        .order_by("starts_on", "id")
        .distinct()[:limit]
    )
    result = []
    for intervention in at_root:
        conflicting = [
            other
            for other in at_root
            if other.pk != intervention.pk
            and intervention.overlaps(other)
            and _from_different_units(intervention, other)
        ]
        result.append((intervention, conflicting))
    return result
