"""Global search: everything a user may see, by kind, for the search box on every page.

One query per kind, each through the kind's `visible_to(user)`: a word must appear in one of
the kind's text fields, every word must appear. On PostgreSQL trigram indexes serve the
`icontains` lookups (stakeholders/migrations/0008, interventions/migrations/0002); SQLite scans.
"""

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils.http import urlencode

from interventions.models import Commitment, Interaction, Intervention, Issue
from stakeholders.models import Contact, Organisation

PER_KIND = 10
CANDIDATES = 500
MIN_LENGTH = 2
MAX_WORDS = 6


@dataclass
class Group:
    kind: str
    rows: list
    more: bool
    more_url: str = ""


def _matching(queryset, fields: tuple[str, ...], words: list[str]):
    per_word = [reduce(or_, (Q(**{f"{f}__icontains": w}) for f in fields)) for w in words]
    return queryset.filter(reduce(and_, per_word))


def words_of(query: str) -> list[str]:
    """The words searched for: at most MAX_WORDS, each at least MIN_LENGTH characters."""
    return [w for w in query.split() if len(w) >= MIN_LENGTH][:MAX_WORDS]


def search(user, query: str, *, per_kind: int = PER_KIND) -> list[Group]:
    """Groups of what `user` may see matching `query`, each at most `per_kind` long (one query
    a kind); kinds with no match are left out."""
    words = words_of(query)
    if not words:
        return []
    q = urlencode({"q": query})
    kinds = [
        (
            "Organisations",
            Organisation.objects.visible_to(user).select_related("parent").order_by("name", "id"),
            ("name", "external_id"),
            f"{reverse('organisation_list')}?{q}",
        ),
        (
            "Contacts",
            Contact.objects.visible_to(user)
            .select_related("organisation")
            .order_by("last_name", "first_name", "id"),
            ("first_name", "last_name", "email", "job_title"),
            f"{reverse('contact_list')}?{q}",
        ),
        (
            "Interactions",
            Interaction.objects.visible_to(user)
            .select_related("organisation")
            .order_by("-occurred_at", "-id"),
            ("summary",),
            "",
        ),
        (
            "Interventions",
            Intervention.objects.visible_to(user)
            .select_related("organisation", "community")
            .order_by("-starts_on", "-id"),
            ("title", "objective"),
            "",
        ),
        (
            "Commitments",
            Commitment.objects.visible_to(user)
            .select_related("organisation")
            .order_by("due_on", "id"),
            ("description",),
            "",
        ),
        (
            "Issues",
            Issue.objects.visible_to(user)
            .select_related("organisation")
            .order_by("-opened_at", "-id"),
            ("summary",),
            "",
        ),
    ]
    groups = []
    for kind, queryset, fields, more_url in kinds:
        # The first CANDIDATES matches the database finds (by the trigram indexes, in no
        # order), then those sorted: a common word matching 100,000 contacts costs what a rare
        # one does, instead of a walk down the name index until ten of them turn up. Up to
        # CANDIDATES matches the order is exact; beyond, "more" leads to the full list.
        found = _matching(queryset, fields, words).order_by().values("pk")[:CANDIDATES]
        rows = list(queryset.filter(pk__in=Subquery(found))[: per_kind + 1])
        if rows:
            groups.append(Group(kind, rows[:per_kind], len(rows) > per_kind, more_url))
    return groups
