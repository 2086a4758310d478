"""The weekly digest: one e-mail a person, in HTML and plain text, of what they should know.

- Those who hold accounts (manager or team): each account's week (interactions logged, issues
  opened, commitments closed), what is due and overdue and the relationships about to go
  dormant (relmap/due.py), new issues and the conflicts at their accounts.
- Executives: the company's score this quarter and its change on the last, the alerts raised
  this week and those nobody is assigned to.

Everything keeps to what the reader may see. A digest with nothing to say is not sent. Sent by
`manage.py send_digests` (weekly, by the worker: relmap/tasks.py).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from interventions import selectors as intervention_selectors
from interventions.models import Commitment, Interaction, Issue
from notifications import mail
from relmap.due import Due, due_for, held_roots
from scorecard.models import Alert
from scorecard.periods import current_quarter
from scorecard.scopes import COMPANY
from scorecard.selectors import scorecard_for
from stakeholders import access
from stakeholders.models import Account

WEEK = timedelta(days=7)
SHOWN = 10


@dataclass
class AccountWeek:
    account: Account
    interactions: int = 0
    issues_opened: int = 0
    commitments_closed: int = 0

    @property
    def quiet(self) -> bool:
        return not (self.interactions or self.issues_opened or self.commitments_closed)


@dataclass
class Score:
    label: str
    now: float | None
    before: float | None

    @property
    def change(self) -> float | None:
        if self.now is None or self.before is None:
            return None
        return self.now - self.before

    @property
    def change_text(self) -> str:
        return "" if self.change is None else f"{self.change:+.0f}"


@dataclass
class Digest:
    user: object
    since: datetime
    due: Due | None = None
    accounts: list[AccountWeek] = field(default_factory=list)
    new_issues: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    score: Score | None = None
    new_alerts: list = field(default_factory=list)
    unassigned_alerts: int = 0

    @property
    def is_empty(self) -> bool:
        return not (
            (self.due and self.due.total)
            or any(not week.quiet for week in self.accounts)
            or self.new_issues
            or self.conflicts
            or self.score
            or self.new_alerts
            or self.unassigned_alerts
        )

    def summary(self) -> str:
        """One line: what the digest holds, for the command's output and the subject."""
        parts = []
        if self.due and self.due.total:
            parts.append(f"{self.due.total} due")
        if self.new_issues:
            parts.append(
                f"{len(self.new_issues)} new issue{'s' if len(self.new_issues) > 1 else ''}"
            )
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} conflict{'s' if len(self.conflicts) > 1 else ''}")
        if self.score and self.score.now is not None:
            change = self.score.change
            parts.append(
                f"score {self.score.now:.0f}"
                + (f" ({change:+.0f})" if change is not None and round(change) else "")
            )
        if self.new_alerts:
            parts.append(
                f"{len(self.new_alerts)} new alert{'s' if len(self.new_alerts) > 1 else ''}"
            )
        return ", ".join(parts) or "nothing new"


def _account_weeks(user, since) -> list[AccountWeek]:
    accounts = list(
        Account.objects.filter(organisation_id__in=held_roots(user))
        .select_related("organisation")
        .order_by("organisation__name")
    )
    roots = [a.organisation_id for a in accounts]
    if not roots:
        return []

    def per_root(queryset, moment):
        rows = (
            queryset.filter(organisation__root_id__in=roots, **{f"{moment}__gte": since})
            .values("organisation__root_id")
            .annotate(n=Count("pk"))
        )
        return {row["organisation__root_id"]: row["n"] for row in rows}

    interactions = per_root(Interaction.objects.all(), "occurred_at")
    issues = per_root(Issue.objects.all(), "opened_at")
    closed = per_root(Commitment.objects.exclude(status=Commitment.Status.OPEN), "closed_at")
    return [
        AccountWeek(
            a,
            interactions.get(a.organisation_id, 0),
            issues.get(a.organisation_id, 0),
            closed.get(a.organisation_id, 0),
        )
        for a in accounts
    ]


def digest_for(user, *, now: datetime | None = None) -> Digest:
    now = now or timezone.now()
    since = now - WEEK
    digest = Digest(user=user, since=since)
    digest.accounts = _account_weeks(user, since)
    if digest.accounts:
        roots = [week.account.organisation_id for week in digest.accounts]
        digest.due = due_for(user, now)
        digest.new_issues = list(
            Issue.objects.visible_to(user)
            .filter(organisation__root_id__in=roots, opened_at__gte=since)
            .select_related("organisation")
            .order_by("-opened_at")[:SHOWN]
        )
        found = intervention_selectors.conflicts(user, organisation_ids=roots)
        digest.conflicts = [c for conflicts in found.values() for c in conflicts][:SHOWN]
    if access.role_of(user) == "executive":
        quarter = current_quarter()
        digest.score = Score(
            quarter.label,
            scorecard_for(period=quarter, scope=COMPANY, user=user).score,
            scorecard_for(period=quarter.previous(), scope=COMPANY, user=user).score,
        )
        alerts = Alert.objects.visible_to(user).select_related("measure")
        digest.new_alerts = list(
            alerts.filter(created_at__gte=since).order_by("-severity_rank")[:SHOWN]
        )
        digest.unassigned_alerts = alerts.filter(
            Q(assignee__isnull=True), ~Q(status=Alert.Status.RESOLVED), period=quarter.code
        ).count()
    return digest


def message(digest: Digest):
    return mail.message(
        digest.user,
        subject=f"Relmap this week: {digest.summary()}",
        template="relmap/email/digest",
        context={"digest": digest, "due": digest.due},
        what="weekly_digest",
    )
