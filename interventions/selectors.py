"""Reads about interventions that span apps: conflicts between interventions."""

from django.db.models import Q

from interventions.models import Intervention


def intervention_conflicts(*, intervention: Intervention) -> list[Intervention]:
    """Open interventions by another unit on the same target, whose windows overlap this one's.

    "Same target" means the same community, or the same organisation hierarchy: an intervention
    at a division conflicts with one at its parent.
    """
    if not intervention.is_open:
        return []
    candidates = (
        Intervention.objects.open()
        .exclude(pk=intervention.pk)
        .filter(starts_on__lte=intervention.ends_on, ends_on__gte=intervention.starts_on)
    )
    if intervention.unit_id is not None:
        candidates = candidates.exclude(unit_id=intervention.unit_id)
    else:
        candidates = candidates.exclude(owner_id=intervention.owner_id)
    if intervention.target_kind == Intervention.TargetKind.COMMUNITY:
        candidates = candidates.filter(community_id=intervention.community_id)
    else:
        root_ids = _root_ids_of(intervention)
        candidates = candidates.filter(
            Q(organisation__root_id__in=root_ids) | Q(contacts__organisation__root_id__in=root_ids)
        )
    return list(candidates.select_related("owner", "unit", "organisation").distinct())


def _root_ids_of(intervention: Intervention) -> list[int]:
    if intervention.organisation_id:
        org = intervention.organisation
        return [org.root_id or org.pk]
    return list(
        intervention.contacts.exclude(organisation__isnull=True)
        .values_list("organisation__root_id", flat=True)
        .distinct()
    )


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
            and (
                other.unit_id != intervention.unit_id
                if intervention.unit_id is not None
                else other.owner_id != intervention.owner_id
            )
        ]
        result.append((intervention, conflicting))
    return result
