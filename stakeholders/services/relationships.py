"""Relationships, and what each logged interaction and the passing of time does to them."""

import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import reduce

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.writes import validated_save
from stakeholders import dormancy
from stakeholders import strength as strength_mod
from stakeholders.models import (
    Contact,
    Relationship,
)

User = get_user_model()


@transaction.atomic
def relationship_create(*, staff, contact: Contact, **fields) -> Relationship:
    """Relate one of our people to one of their contacts; they own it unless told otherwise."""
    fields.setdefault("owner", staff)
    return validated_save(Relationship(), staff=staff, contact=contact, **fields)


@transaction.atomic
def relationship_update(*, relationship: Relationship, **fields) -> Relationship:
    saved = validated_save(relationship, **fields)
    # A `with_dormancy()` annotation read before the change (a new cadence, an end) is stale.
    vars(saved).pop("is_dormant", None)
    return saved


@transaction.atomic
def relationship_delete(*, relationship: Relationship) -> None:
    relationship.delete()


def _aggregates(rel: Relationship) -> strength_mod.Aggregates:
    return strength_mod.Aggregates(
        count=rel.interaction_count,
        decayed_count=rel.decayed_count,
        decayed_sentiment=rel.decayed_sentiment,
        aggregates_at=rel.aggregates_at,
        last_interaction_at=rel.last_interaction_at,
    )


def relationship_strength(rel: Relationship, *, now: datetime | None = None) -> int:
    return strength_mod.strength(
        _aggregates(rel), tier=rel.tier, now=now or timezone.now(), dormant_days=rel.cadence_days
    )


@transaction.atomic
def relationships_record_interaction(
    *,
    staff_ids: Iterable[int],
    contact_ids: Iterable[int],
    occurred_at: datetime,
    tier: str,
    sentiment: int,
) -> list[Relationship]:
    """Fold one interaction into the relationships between its participants.

    A pair that had no relationship gets one at the interaction's tier. Costs a constant number
    of queries whatever the number of participants.
    """
    return relationships_record_interactions(
        [Folded(tuple(staff_ids), tuple(contact_ids), occurred_at, tier, sentiment)]
    )


# What folding interactions into a relationship writes.
AGGREGATE_FIELDS = [
    "interaction_count",
    "decayed_count",
    "decayed_sentiment",
    "aggregates_at",
    "last_interaction_at",
    "status",
    "strength",
    "strength_computed_at",
    "updated_at",
]


def between_pairs(pairs: Iterable[tuple[int, int]]) -> Q:
    """Relationships of exactly these (staff id, contact id) pairs: one condition per person
    of ours, not every contact of the batch crossed with every person of ours (which, once
    the pairs exist, reads tens of thousands of rows for a few hundred wanted)."""
    by_staff: dict[int, set[int]] = defaultdict(set)
    for staff_id, contact_id in pairs:
        by_staff[staff_id].add(contact_id)
    return reduce(
        operator.or_,
        (Q(staff_id=s, contact_id__in=sorted(c)) for s, c in sorted(by_staff.items())),
        Q(pk__in=[]),
    )


@dataclass(frozen=True)
class Folded:
    """One interaction as the relationships see it."""

    staff_ids: tuple[int, ...]
    contact_ids: tuple[int, ...]
    occurred_at: datetime
    tier: str
    sentiment: int


@transaction.atomic
def relationships_record_interactions(interactions: Iterable[Folded]) -> list[Relationship]:
    """Fold many interactions into their participants' relationships at once (capture's
    chunks): each pair's interactions in the order they happened, as one by one; three
    queries whatever the number of interactions and participants."""
    by_pair: dict[tuple[int, int], list[Folded]] = defaultdict(list)
    for folded in interactions:
        for staff_id in set(folded.staff_ids):
            for contact_id in set(folded.contact_ids):
                by_pair[(staff_id, contact_id)].append(folded)
    if not by_pair:
        return []
    now = timezone.now()
    existing = {
        (r.staff_id, r.contact_id): r
        for r in Relationship.objects.select_for_update().filter(between_pairs(by_pair))
    }
    missing = []
    for (staff_id, contact_id), folds in by_pair.items():
        folds.sort(key=lambda f: f.occurred_at)
        rel = existing.get((staff_id, contact_id))
        if rel is None:
            rel = Relationship(
                staff_id=staff_id, contact_id=contact_id, tier=folds[0].tier, owner_id=staff_id
            )
            missing.append(rel)
        agg = _aggregates(rel)
        for folded in folds:
            agg = strength_mod.fold_interaction(
                agg, occurred_at=folded.occurred_at, sentiment=folded.sentiment
            )
        rel.interaction_count = agg.count
        rel.decayed_count = agg.decayed_count
        rel.decayed_sentiment = agg.decayed_sentiment
        rel.aggregates_at = agg.aggregates_at
        rel.last_interaction_at = agg.last_interaction_at
        if rel.status == Relationship.Status.DORMANT:
            rel.status = Relationship.Status.ACTIVE
        rel.strength = relationship_strength(rel, now=now)
        rel.strength_computed_at = now
        rel.updated_at = now
    Relationship.objects.bulk_create(missing)
    Relationship.objects.bulk_update(list(existing.values()), AGGREGATE_FIELDS)
    return list(existing.values()) + missing


def relationships_recompute_strength(*, batch_size: int = 5000, now: datetime | None = None) -> int:
    """Recompute every relationship's strength as of `now` (strength decays with time)."""
    now = now or timezone.now()
    updated = 0
    last_id = 0
    while True:
        batch = list(
            Relationship.objects.filter(pk__gt=last_id)
            .order_by("pk")
            .only(
                "id",
                "tier",
                "cadence_days",
                "interaction_count",
                "decayed_count",
                "decayed_sentiment",
                "aggregates_at",
                "last_interaction_at",
                "strength",
            )[:batch_size]
        )
        if not batch:
            return updated
        for rel in batch:
            rel.strength = relationship_strength(rel, now=now)
            rel.strength_computed_at = now
        with transaction.atomic():
            Relationship.objects.bulk_update(batch, ["strength", "strength_computed_at"])
        updated += len(batch)
        last_id = batch[-1].pk


def relationships_update_status(*, now: datetime | None = None) -> tuple[int, int]:
    """Mark relationships dormant or active again by the per-tier limits; returns the counts.

    A relationship with no interaction yet is judged from when it was created. Ended ones are
    left alone. Two UPDATE statements, whatever the number of rows.
    """
    now = now or timezone.now()
    lapsed = dormancy.lapsed(now)
    with transaction.atomic():
        dormant = Relationship.objects.filter(lapsed, status=Relationship.Status.ACTIVE).update(
            status=Relationship.Status.DORMANT, updated_at=now
        )
        revived = (
            Relationship.objects.filter(status=Relationship.Status.DORMANT)
            .exclude(lapsed)
            .update(status=Relationship.Status.ACTIVE, updated_at=now)
        )
    return dormant, revived
