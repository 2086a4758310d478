"""Captured mail and meetings become interactions, as if someone had logged them by hand.

A message or event between at least one of ours and at least one known contact becomes one
interaction per top-level organisation among its contacts (kind e-mail at the message's Date,
meeting at the event's start), folded into the relationships like a logged one. The same
message or event captured again, from another mailbox or upload, is the same item: unchanged
it is skipped, moved or changed its interactions are logged again, cancelled (or moved into
the future) they are removed. One of ours outside a fenced account's team is recorded as a
fence breach: hidden like the rest of the account's detail, a conflict on its map, and its
manager is told.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from capture.items import Item, Series, Tally
from capture.matching import Directory, domain_of
from capture.models import CapturedItem, UnknownAddress
from capture.reading import read
from interventions.models import Interaction
from interventions.selectors import breach_words
from interventions.services import (
    InteractionDraft,
    interactions_record_many,
    interactions_remove,
    interactions_revise_many,
)
from notifications.models import Kind
from notifications.services import notify
from stakeholders import access
from stakeholders.models import Account

CHUNK = 500
FUTURE = "in the future"


@dataclass
class Outcome:
    """What a capture did: the API's five counts, and why items were skipped."""

    created: int = 0
    updated: int = 0
    removed: int = 0
    unmatched: int = 0
    reasons: Counter = field(default_factory=Counter)

    @property
    def skipped(self) -> int:
        return sum(self.reasons.values())

    @property
    def skipped_by_reason(self) -> list[tuple[str, int]]:
        return self.reasons.most_common()

    def counts(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
            "skipped": self.skipped,
            "unmatched": self.unmatched,
        }

    def add(self, other: "Outcome") -> None:
        for name in ("created", "updated", "removed", "unmatched"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.reasons.update(other.reasons)


def capture_file(
    stream, name: str, *, by=None, directory: Directory | None = None, restrict=False
) -> Outcome:
    """Capture every message or event of one .eml, .mbox or .ics file (`reading.Unreadable`
    if it is none of them). With `restrict`, only what `by` took part in is captured: a
    person's upload cannot write, change or remove what others said to each other."""
    tally = Tally()
    only_with = by if restrict else None
    outcome = capture_items(
        read(stream, name, tally), by=by, directory=directory, only_with=only_with
    )
    _withdraw_stale(tally.series, only_with, outcome)
    outcome.reasons.update(tally.skipped)
    return outcome


def _withdraw_stale(series: dict[str, Series], only_with, outcome: Outcome) -> None:
    """Occurrences a recurring series no longer has (it moved, or one was excluded since)
    are removed, unless a newer version of them was captured (an override sent later)."""
    now = timezone.now()
    for name, found in series.items():
        with transaction.atomic():
            stale = [
                record
                for record in CapturedItem.objects.filter(
                    series=name, cancelled=False, occurred_at__gte=found.since, occurred_at__lte=now
                )
                .exclude(key__in=found.keys)
                .prefetch_related("staff")
                if not _version_after(record, found.version)
                and (only_with is None or only_with.pk in {u.pk for u in record.staff.all()})
            ]
            _forget(stale)
            for record in stale:
                record.cancelled, record.updated_at = True, now
            CapturedItem.objects.bulk_update(stale, ["cancelled", "updated_at"])
            outcome.removed += len(stale)


def capture_items(items: Iterable[Item], *, by=None, directory=None, only_with=None) -> Outcome:
    """Capture `items` in chunks of CHUNK, each in its own transaction. A chunk that meets the
    same new item written meanwhile by another capture (two uploads, two workers) is captured
    again, finding it this time."""
    directory = directory or Directory()
    outcome = Outcome()
    for chunk in _chunks(items):
        for attempt in (1, 2):
            try:
                with transaction.atomic():
                    outcome.add(_capture_chunk(chunk, by, directory, only_with=only_with))
                break
            except IntegrityError:
                if attempt == 2:
                    raise
    return outcome


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    items = iter(items)
    while chunk := list(islice(items, CHUNK)):
        yield chunk


OLDEST = datetime.min.replace(tzinfo=UTC)


def _older(item: Item, record: CapturedItem) -> bool:
    """An event's version older than the one captured (SEQUENCE, then DTSTAMP)."""
    return (item.sequence, item.stamp or OLDEST) < (record.sequence, record.stamp or OLDEST)


def _version_after(record: CapturedItem, version: tuple) -> bool:
    sequence, stamp = version
    return (record.sequence, record.stamp or OLDEST) > (sequence, stamp or OLDEST)


def _capture_chunk(
    chunk: list[Item], by, directory: Directory, again: bool = False, only_with=None
) -> Outcome:
    """Capture one chunk in a constant number of queries (but for breaches, which notify);
    `again` matches items anew even where nothing changed; `only_with` keeps to the items
    that person took part in."""
    outcome = Outcome()
    # The same message twice in a chunk (copied to two folders): the last copy counts.
    unique = list({item.key: item for item in chunk}.values())
    if len(unique) < len(chunk):
        outcome.reasons["captured already"] += len(chunk) - len(unique)
    chunk = unique
    directory.load(a for item in chunk for a in item.addresses)
    existing = {
        record.key: record
        for record in CapturedItem.objects.filter(key__in=[i.key for i in chunk]).prefetch_related(
            "staff", Prefetch("interactions", Interaction.objects.select_related("organisation"))
        )
    }
    now = timezone.now()
    drops, tombstones, plans = [], [], []
    for item in chunk:
        record = existing.get(item.key)
        ours = directory.ours(item.addresses)
        if only_with is not None and only_with.pk not in {u.pk for u in ours}:
            outcome.reasons["not yours (you did not take part)"] += 1
            continue
        if record is not None and _older(item, record):
            outcome.reasons["an older version of what was captured"] += 1
            continue
        reason = _reason_to_drop(item, ours, directory, now)
        if reason:
            if record is not None and not record.cancelled:
                drops.append(_versioned(record, item, now))
                outcome.removed += 1
            else:
                outcome.reasons[reason] += 1
                if record is None and item.cancelled and ours:
                    # Kept, so that the invitation arriving after its cancellation is older.
                    tombstones.append(_new_record(item, by, now, cancelled=True))
        elif record is not None and not again and _same(record, item, ours):
            outcome.reasons["captured already"] += 1
        else:
            plans.append((item, record, ours))
    _forget(drops)
    UnknownAddress.objects.filter(
        item_id__in=[record.pk for _, record, _ in plans if record is not None]
    ).delete()
    previous = {
        record.key: list(record.interactions.all()) for _, record, _ in plans if record is not None
    }
    CapturedItem.objects.bulk_update(drops, ["cancelled", "sequence", "stamp", "updated_at"])
    CapturedItem.objects.bulk_create(tombstones)
    records = _save(plans, by, now)
    UnknownAddress.objects.bulk_create(
        UnknownAddress(item=record, address=a, domain=domain_of(a))
        for record, (item, _, _) in zip(records, plans, strict=True)
        for a in directory.unknown(item.addresses)
    )
    _record_interactions(records, [ours for _, _, ours in plans], directory, previous)
    for record, (_, earlier, _) in zip(records, plans, strict=True):
        if not record.made:
            outcome.unmatched += 1
        elif earlier is None:
            outcome.created += 1
        else:
            outcome.updated += 1
    return outcome


def _versioned(record: CapturedItem, item: Item, now) -> CapturedItem:
    record.cancelled = True
    record.sequence, record.stamp, record.updated_at = item.sequence, item.stamp, now
    return record


def _new_record(item: Item, by, now, cancelled: bool = False) -> CapturedItem:
    return CapturedItem(
        key=item.key,
        kind=item.kind,
        occurred_at=item.occurred_at,
        subject=_subject(item),
        addresses=list(item.addresses),
        cancelled=cancelled,
        sequence=item.sequence,
        stamp=item.stamp,
        series=item.series,
        captured_by=by,
        created_at=now,
        updated_at=now,
    )


def _reason_to_drop(item: Item, ours: list, directory: Directory, now) -> str:
    """Why `item` must not be (or no longer be) captured, or ""."""
    if item.cancelled:
        return "cancelled"
    if item.occurred_at > now:
        return FUTURE
    if not ours:
        return "none of our people"
    if directory.private(ours, item.addresses):
        return "private (an excluded address)"
    return ""


def _subject(item: Item) -> str:
    return item.subject if settings.RELMAP_CAPTURE_SUBJECTS else ""


def _same(record: CapturedItem, item: Item, ours: list) -> bool:
    return (
        record.occurred_at == item.occurred_at
        and record.subject == _subject(item)
        and record.addresses == list(item.addresses)
        and {u.pk for u in record.staff.all()} == {u.pk for u in ours}
        and not record.cancelled
    )


def _forget(records: list[CapturedItem]) -> None:
    """What these items became goes (their interactions, with the relationships refolded, and
    their suggestions): they were cancelled, or withdrawn."""
    if not records:
        return
    ids = [r.pk for r in records]
    made = CapturedItem.interactions.through.objects.filter(captureditem_id__in=ids)
    interactions_remove(
        list(Interaction.objects.filter(pk__in=made.values("interaction_id")).only("pk"))
    )
    UnknownAddress.objects.filter(item_id__in=ids).delete()


def _save(plans, by, now) -> list[CapturedItem]:
    """The items of `plans`, new ones created and known ones brought up to date, with our
    people who took part."""
    records = []
    for item, record, _ in plans:
        record = record or CapturedItem(key=item.key, captured_by=by, created_at=now)
        record.sequence, record.stamp, record.series = item.sequence, item.stamp, item.series
        record.kind = item.kind
        record.occurred_at = item.occurred_at
        record.subject = _subject(item)
        record.addresses = list(item.addresses)
        record.cancelled = False
        record.updated_at = now
        records.append(record)
    known = [r for r in records if r.pk is not None]
    CapturedItem.objects.bulk_update(
        known,
        [
            "kind",
            "occurred_at",
            "subject",
            "addresses",
            "cancelled",
            "sequence",
            "stamp",
            "series",
            "updated_at",
        ],
    )
    CapturedItem.objects.bulk_create([r for r in records if r.pk is None])
    through = CapturedItem.staff.through
    through.objects.filter(captureditem_id__in=[r.pk for r in known]).delete()
    through.objects.bulk_create(
        through(captureditem_id=record.pk, user_id=user.pk)
        for record, (_, _, ours) in zip(records, plans, strict=True)
        for user in ours
    )
    return records


def _record_interactions(records, ours_of, directory: Directory, previous: dict) -> None:
    """One interaction per top-level organisation among each item's contacts; `record.made`
    says whether the item became any. An item captured before keeps its interactions (their
    ids, notes and links), brought up to date; those at organisations it no longer reaches go.
    `previous` holds each known item's interactions."""
    planned = []
    for record, ours in zip(records, ours_of, strict=True):
        at_root = defaultdict(list)
        for contact in directory.theirs(record.addresses):
            if contact.organisation_id is not None:
                at_root[_root_id(contact.organisation)].append(contact)
        record.made = bool(at_root)
        planned += [(record, ours, root_id, theirs) for root_id, theirs in at_root.items()]
    teams = _fenced_teams({root_id for _, _, root_id, _ in planned})
    kept = {(key, _root_id(i.organisation)): i for key, made in previous.items() for i in made}
    fresh, revised = [], []
    for record, ours, root_id, theirs in planned:
        team = teams.get(root_id)
        outsiders = [
            u
            for u in ours
            if team is not None and u.pk not in team and not access.sees_everything(u)
        ]
        organisations = {c.organisation_id for c in theirs}
        draft = InteractionDraft(
            organisation=theirs[0].organisation if len(organisations) == 1 else _root(theirs[0]),
            kind=record.kind,
            occurred_at=record.occurred_at,
            summary=record.subject or _summary(record, theirs),
            contacts=theirs,
            staff=ours,
            logged_by=record.captured_by,
            outside_fence=bool(outsiders),
        )
        earlier = kept.pop((record.key, root_id), None)
        target = revised if earlier is not None else fresh
        target.append((record, root_id, theirs, outsiders, earlier, draft))
    interactions_remove(list(kept.values()))
    interactions_revise_many([(earlier, draft) for *_, earlier, draft in revised])
    made = interactions_record_many([draft for *_, draft in fresh])
    through = CapturedItem.interactions.through
    through.objects.bulk_create(
        through(captureditem_id=record.pk, interaction_id=interaction.pk)
        for (record, *_), interaction in zip(fresh, made, strict=True)
    )
    told = [(row, i) for row, i in zip(fresh, made, strict=True)]
    told += [(row, row[4]) for row in revised]
    for (record, root_id, theirs, outsiders, _, _), interaction in told:
        if outsiders:
            _tell_of_breach(interaction, outsiders, theirs, root_id, record.key)


def _root_id(organisation) -> int:
    return organisation.root_id or organisation.pk


def _root(contact):
    org = contact.organisation
    return org.root if org.root_id and org.root_id != org.pk else org


def _summary(record: CapturedItem, theirs) -> str:
    names = ", ".join(c.full_name for c in theirs[:3]) + (" and others" if len(theirs) > 3 else "")
    return f"{record.get_kind_display()} with {names}"[:300]


def _fenced_teams(root_ids) -> dict[int, set[int]]:
    """Top-level organisation id → who may work there, for the fenced ones among them.
    Executives and administrators are never outside a fence."""
    teams: dict[int, set[int]] = defaultdict(set)
    if not root_ids:
        return teams
    for root_id, manager_id, member_id in Account.objects.filter(
        is_fenced=True, organisation_id__in=list(root_ids)
    ).values_list("organisation_id", "manager_id", "team__id"):
        teams[root_id].update({manager_id, member_id} - {None})
    return teams


def _tell_of_breach(interaction: Interaction, outsiders, contacts, root_id: int, key) -> None:
    """The account's manager is told once per captured item, however often it is captured."""
    account = Account.objects.select_related("manager", "organisation").get(organisation_id=root_id)
    notify(
        [account.manager],
        kind=Kind.FENCE_BREACH,
        message=f"{breach_words(interaction, outsiders, contacts)} at fenced "
        f"{account.organisation.name}.",
        url=account.organisation.get_absolute_url(),
        root=root_id,
        key=f"breach:capture:{key}:{root_id}",
    )


def recapture_address(address: str, *, directory: Directory | None = None) -> Outcome:
    """Match again every item that held `address` as unknown (it has just become a contact)."""
    directory = directory or Directory()
    directory.forget(address)
    items = [
        Item(
            key=record.key,
            kind=record.kind,
            occurred_at=record.occurred_at,
            subject=record.subject,
            addresses=tuple(record.addresses),
        )
        for record in CapturedItem.objects.filter(unknown__address=address).distinct()
    ]
    outcome = Outcome()
    for chunk in _chunks(items):
        with transaction.atomic():
            outcome.add(_capture_chunk(chunk, None, directory, again=True))
    return outcome
