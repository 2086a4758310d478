"""Who knows whom: our people who know a contact or an organisation, strongest first, and
warm-introduction paths to a contact nobody knows well.

A *path* is one of our people who knows a colleague of the contact at the same organisation:
they can introduce us. Paths are offered when no one of ours knows the contact at least
WELL_KNOWN strong. Everything keeps to what the viewer may see (the fence): relationships at a
fenced account they may not see are left out, so are the colleagues there. Two queries at most.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max

from stakeholders.models import Contact, Organisation, Relationship

WELL_KNOWN = 50
LIMIT = 20
PATH_LIMIT = 5


@dataclass(frozen=True)
class Knower:
    user: object
    strength: int
    tier: str
    last_interaction_at: datetime | None
    contacts: int = 1


@dataclass(frozen=True)
class Path:
    via_user: object
    via_contact: Contact
    strength: int


@dataclass(frozen=True)
class WhoKnows:
    results: list[Knower]
    paths: list[Path]

    @property
    def known_well(self) -> bool:
        return any(knower.strength >= WELL_KNOWN for knower in self.results)


def _live(viewer):
    return (
        Relationship.objects.visible_to(viewer)
        .exclude(status=Relationship.Status.ENDED)
        .filter(staff__is_active=True)
    )


def for_contact(viewer, contact: Contact) -> WhoKnows:
    """Our people who know `contact`, strongest first; paths when none knows them well."""
    relationships = list(
        _live(viewer)
        .filter(contact=contact)
        .select_related("staff")
        .order_by("-strength", "-last_interaction_at", "pk")[:LIMIT]
    )
    results = [
        Knower(rel.staff, rel.strength, rel.tier, rel.last_interaction_at) for rel in relationships
    ]
    paths = []
    if contact.organisation_id and not any(k.strength >= WELL_KNOWN for k in results):
        colleagues = (
            _live(viewer)
            .filter(contact__organisation_id=contact.organisation_id, strength__gt=0)
            .exclude(contact=contact)
            .select_related("staff", "contact")
            .order_by("-strength", "pk")[:PATH_LIMIT]
        )
        paths = [Path(rel.staff, rel.contact, rel.strength) for rel in colleagues]
    return WhoKnows(results, paths)


def for_organisation(viewer, organisation: Organisation) -> WhoKnows:
    """Our people who know anyone at `organisation` or under it, by their strongest tie there.

    The tier shown is that of their strongest relationship; `contacts` says how many of its
    people they know.
    """
    per_person = (
        _live(viewer)
        .filter(organisation.rows_here("contact__organisation"))
        .values("staff")
        .annotate(
            best=Max("strength"),
            last=Max("last_interaction_at"),
            contacts=Count("contact", distinct=True),
        )
        .order_by("-best", "staff")[:LIMIT]
    )
    rows = list(per_person)
    strongest = {}
    if rows:
        # The tier of each person's strongest relationship there, in one more query.
        for rel in (
            _live(viewer)
            .filter(organisation.rows_here("contact__organisation"))
            .filter(staff__in=[row["staff"] for row in rows])
            .select_related("staff")
            .order_by("staff", "-strength", "pk")
        ):
            strongest.setdefault(rel.staff_id, rel)
    results = [
        Knower(
            strongest[row["staff"]].staff,
            row["best"],
            strongest[row["staff"]].tier,
            row["last"],
            row["contacts"],
        )
        for row in rows
    ]
    return WhoKnows(results, [])
