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
from itertools import islice

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from capture.matching import Directory, domain_of
from capture.models import CapturedItem, UnknownAddress
from capture.reading import Item, Tally, read
from interventions.models import Interaction
from interventions.selectors import breach_words
from interventions.services import interaction_record, interactions_remove
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


def capture_file(stream, name: str, *, by=None, directory: Directory | None = None) -> Outcome:
    """Capture every message or event of one .eml, .mbox or .ics file (`reading.Unreadable`
    if it is none of them)."""
    tally = Tally()
    outcome = capture_items(read(stream, name, tally), by=by, directory=directory)
    outcome.reasons.update(tally.skipped)
    return outcome


def capture_items(items: Iterable[Item], *, by=None, directory: Directory | None = None):
    """Capture `items` in chunks of CHUNK, each in its own transaction."""
    directory = directory or Directory()
    outcome = Outcome()
    for chunk in _chunks(items):
        with transaction.atomic():
            outcome.add(_capture_chunk(chunk, by, directory))
    return outcome


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    items = iter(items)
    while chunk := list(islice(items, CHUNK)):
        # The same key twice in a chunk (a message in two folders): the last one counts.
        yield list({item.key: item for item in chunk}.values())


def _capture_chunk(chunk: list[Item], by, directory: Directory, again: bool = False) -> Outcome:
    """Capture one chunk; `again` matches items anew even where nothing changed."""
    outcome = Outcome()
    directory.load(a for item in chunk for a in item.addresses)
    existing = {
        record.key: record
        for record in CapturedItem.objects.filter(key__in=[i.key for i in chunk]).prefetch_related(
            "interactions", "staff"
        )
    }
    now = timezone.now()
    for item in chunk:
        record = existing.get(item.key)
        ours = directory.ours(item.addresses)
        reason = _reason_to_drop(item, ours, directory, now)
        if reason:
            if record is not None and not record.cancelled:
                _drop(record)
                outcome.removed += 1
            else:
                outcome.reasons[reason] += 1
            continue
        if record is not None and not again and _same(record, item, ours):
            outcome.reasons["captured already"] += 1
            continue
        _capture_one(item, record, ours, by, directory, outcome)
    return outcome


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


def _drop(record: CapturedItem) -> None:
    """A cancelled or withdrawn item: its interactions go; the item stays, so a later copy of
    the same invitation is recognised."""
    interactions_remove(list(record.interactions.all()))
    record.interactions.clear()
    record.unknown.all().delete()
    record.cancelled = True
    record.updated_at = timezone.now()
    record.save(update_fields=["cancelled", "updated_at"])


def _capture_one(item: Item, record, ours, by, directory: Directory, outcome: Outcome) -> None:
    new = record is None
    record = record or CapturedItem(key=item.key, captured_by=by)
    record.kind = item.kind
    record.occurred_at = item.occurred_at
    record.subject = _subject(item)
    record.addresses = list(item.addresses)
    record.cancelled = False
    record.updated_at = timezone.now()
    record.save()
    record.staff.set(ours)
    if not new:
        interactions_remove(list(record.interactions.all()))
        record.interactions.clear()
        record.unknown.all().delete()
    UnknownAddress.objects.bulk_create(
        UnknownAddress(item=record, address=a, domain=domain_of(a))
        for a in directory.unknown(item.addresses)
    )
    interactions = _interactions(record, ours, directory.theirs(item.addresses))
    if not interactions:
        outcome.unmatched += 1
        return
    record.interactions.set(interactions)
    if new:
        outcome.created += 1
    else:
        outcome.updated += 1


def _interactions(record: CapturedItem, ours, contacts) -> list[Interaction]:
    """One interaction per top-level organisation among `contacts`."""
    at_root = defaultdict(list)
    for contact in contacts:
        if contact.organisation_id is not None:
            org = contact.organisation
            at_root[org.root_id or org.pk].append(contact)
    if not at_root:
        return []
    teams = _fenced_teams(at_root)
    made = []
    for root_id, theirs in at_root.items():
        orgs = {c.organisation_id for c in theirs}
        organisation = theirs[0].organisation if len(orgs) == 1 else None
        team = teams.get(root_id)
        outsiders = [
            u
            for u in ours
            if team is not None and u.pk not in team and not access.sees_everything(u)
        ]
        interaction = interaction_record(
            logged_by=record.captured_by,
            organisation=organisation or _root(theirs[0]),
            summary=record.subject or _summary(record, theirs),
            kind=record.kind,
            occurred_at=record.occurred_at,
            contacts=theirs,
            staff=ours,
            sentiment=None,
            outside_fence=bool(outsiders),
        )
        if outsiders:
            _tell_of_breach(interaction, outsiders, theirs, root_id)
        made.append(interaction)
    return made


def _root(contact):
    org = contact.organisation
    return org.root if org.root_id else org


def _summary(record: CapturedItem, theirs) -> str:
    names = ", ".join(c.full_name for c in theirs[:3]) + (" and others" if len(theirs) > 3 else "")
    return f"{record.get_kind_display()} with {names}"[:300]


def _fenced_teams(at_root) -> dict[int, set[int]]:
    """Top-level organisation id → who may work there, for the fenced ones among them.
    Executives and administrators are never outside a fence."""
    teams: dict[int, set[int]] = defaultdict(set)
    for root_id, manager_id, member_id in Account.objects.filter(
        is_fenced=True, organisation_id__in=list(at_root)
    ).values_list("organisation_id", "manager_id", "team__id"):
        teams[root_id].update({manager_id, member_id} - {None})
    return teams


def _tell_of_breach(interaction: Interaction, outsiders, contacts, root_id: int) -> None:
    account = Account.objects.select_related("manager", "organisation").get(organisation_id=root_id)
    notify(
        [account.manager],
        kind=Kind.FENCE_BREACH,
        message=f"{breach_words(interaction, outsiders, contacts)} at fenced "
        f"{account.organisation.name}.",
        url=account.organisation.get_absolute_url(),
        root=root_id,
        key=f"breach:interaction:{interaction.pk}",
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
