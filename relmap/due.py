"""What is due for one person: the home page's Due panel, the reminders and the digests.

Four lists, each a fixed number of queries whatever the rows:
- relationships of theirs (they are our person in it, or own it) about to go dormant: within
  DUE_WITHIN_DAYS of their limit (stakeholders/dormancy.py);
- commitments due this week or overdue that are theirs, or nobody's at an account they hold;
- issues waiting on us: open, theirs, or nobody's at an account they hold;
- their interventions starting or ending within the week, or late to start or to close.

Every list keeps to what the person may see (the fence), and shows at most LIMIT rows with the
count of the rest.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from interventions.models import Commitment, Intervention, Issue
from stakeholders import dormancy
from stakeholders.models import Account, Relationship

LIMIT = 10
WEEK = timedelta(days=7)


@dataclass
class Listing:
    rows: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.total)

    def __iter__(self):
        return iter(self.rows)


@dataclass
class Due:
    today: date
    relationships: Listing
    commitments: Listing
    issues: Listing
    interventions: Listing
    lists: tuple = field(init=False)

    def __post_init__(self):
        self.lists = (self.relationships, self.commitments, self.issues, self.interventions)

    @property
    def total(self) -> int:
        return sum(listing.total for listing in self.lists)


def _listing(queryset, limit: int) -> Listing:
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return Listing(rows, len(rows))
    return Listing(rows[:limit], queryset.count())


def held_roots(user):
    """The top-level organisations of the accounts `user` manages or is on the team of."""
    return Account.objects.filter(Q(manager=user) | Q(team=user)).values("organisation_id")


def relationships_due(user, now: datetime, limit: int = LIMIT) -> Listing:
    queryset = (
        Relationship.objects.visible_to(user)
        .filter(Q(staff=user) | Q(owner=user))
        .filter(dormancy.due(now))
        .select_related("staff", "contact__organisation")
        .order_by("last_interaction_at", "pk")
    )
    listing = _listing(queryset, limit)
    listing.rows.sort(key=lambda rel: (rel.contact_due_at, rel.pk))
    return listing


def _ours_or_unowned_at_held(user) -> Q:
    return Q(owner=user) | Q(owner__isnull=True, organisation__root_id__in=held_roots(user))


def commitments_due(user, today: date, limit: int = LIMIT) -> Listing:
    queryset = (
        Commitment.objects.visible_to(user)
        .filter(status=Commitment.Status.OPEN, due_on__lte=today + WEEK)
        .filter(_ours_or_unowned_at_held(user))
        .select_related("organisation", "owner")
        .order_by("due_on", "pk")
    )
    return _listing(queryset, limit)


def issues_waiting(user, limit: int = LIMIT) -> Listing:
    severity_first = ["high", "medium", "low"]
    queryset = (
        Issue.objects.visible_to(user)
        .filter(resolved_at__isnull=True)
        .filter(_ours_or_unowned_at_held(user))
        .select_related("organisation", "contact", "owner")
        .order_by("opened_at", "pk")
    )
    listing = _listing(queryset, limit)
    listing.rows.sort(key=lambda issue: (severity_first.index(issue.severity), issue.opened_at))
    return listing


def interventions_due(user, today: date, limit: int = LIMIT) -> Listing:
    """Theirs: planned ones starting within the week (or late to start), active ones ending
    within the week (or past their end and not yet closed)."""
    horizon = today + WEEK
    queryset = (
        Intervention.objects.visible_to(user)
        .filter(owner=user)
        .filter(
            Q(status=Intervention.Status.PLANNED, starts_on__lte=horizon)
            | Q(status=Intervention.Status.ACTIVE, ends_on__lte=horizon)
        )
        .select_related("organisation", "community")
        .order_by("starts_on", "ends_on", "pk")
    )
    listing = _listing(queryset, limit)
    for intervention in listing.rows:
        starting = intervention.status == Intervention.Status.PLANNED
        intervention.due_on = intervention.starts_on if starting else intervention.ends_on
        intervention.due_what = "starts" if starting else "ends"
        intervention.is_late = intervention.due_on < today
    listing.rows.sort(key=lambda intervention: (intervention.due_on, intervention.pk))
    return listing


def due_for(user, now: datetime | None = None) -> Due:
    now = now or timezone.now()
    today = timezone.localdate(now)
    return Due(
        today=today,
        relationships=relationships_due(user, now),
        commitments=commitments_due(user, today),
        issues=issues_waiting(user),
        interventions=interventions_due(user, today),
    )
