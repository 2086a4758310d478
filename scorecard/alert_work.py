"""Alerts as work: grouped by measure, assigned, acknowledged with a note, resolved; and who is
told when one is raised.

An alert is open when raised. Whoever answers for its scope (stakeholders.access.
may_handle_scope) may assign it to someone who may see it, acknowledge it (saying what is
being done: a note is required) and resolve it; a resolved alert may be reopened. Its work
survives the nightly recomputation of its period (scorecard/services.py).
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind
from notifications.services import notify
from scorecard.models import Alert, Measure, ScopeKind
from stakeholders import access
from stakeholders.models import Account

Status = Alert.Status
User = get_user_model()


@dataclass
class AlertGroup:
    """One measure's alerts in a period: one line on the dashboard."""

    measure: Measure
    alerts: list = field(default_factory=list)

    @property
    def severity(self) -> str:
        high = any(a.severity == Alert.Severity.HIGH for a in self.alerts)
        return Alert.Severity.HIGH if high else Alert.Severity.MEDIUM

    @property
    def headline(self) -> str:
        """ "Late-delivery complaints rising at 5 scopes" (or the one alert's own message)."""
        if len(self.alerts) == 1:
            return self.alerts[0].message
        way = "falling" if self.measure.higher_is_better else "rising"
        return f"{self.measure.name} {way} at {len(self.alerts)} scopes"

    def count(self, status: str) -> int:
        return sum(1 for a in self.alerts if a.status == status)

    @property
    def open(self) -> int:
        return self.count(Status.OPEN)

    @property
    def acknowledged(self) -> int:
        return self.count(Status.ACKNOWLEDGED)

    @property
    def resolved(self) -> int:
        return self.count(Status.RESOLVED)

    @property
    def unassigned(self) -> int:
        return sum(1 for a in self.alerts if a.assignee_id is None and a.status != Status.RESOLVED)


def group_by_measure(alerts) -> list[AlertGroup]:
    """Alerts (with their measure loaded) in groups, the worst first: high before medium,
    then the most unresolved."""
    groups: dict[int, AlertGroup] = {}
    for alert in alerts:
        groups.setdefault(alert.measure_id, AlertGroup(alert.measure)).alerts.append(alert)
    return sorted(
        groups.values(),
        key=lambda g: (
            g.severity != Alert.Severity.HIGH,
            -(g.open + g.acknowledged),
            g.measure.name,
        ),
    )


def alert_page_url(alert: Alert) -> str:
    return f"{reverse('scorecard_alerts')}?period={alert.period}&show=all#alert-{alert.pk}"


def may_handle(user, alert: Alert, handled=False) -> bool:
    """Whether `user` answers for `alert`'s scope (`handled`: access.handled_scopes(user))."""
    return access.may_handle_scope(user, alert.scope_kind, alert.scope_id, handled)


def _may_see(user, alert: Alert) -> bool:
    return Alert.objects.visible_to(user).filter(pk=alert.pk).exists()


@transaction.atomic
def alert_update(*, alert: Alert, user, **changes) -> Alert:
    """Assign, acknowledge, resolve or reopen `alert`; changes only what is given.

    `changes` may hold `status`, `assignee` (a user or None) and `note`. Raises PermissionDenied
    when `user` does not answer for its scope, ValidationError (by field) for what cannot be.
    """
    if not may_handle(user, alert):
        raise PermissionDenied(
            "Only those who answer for this scope (its account team, unit head or the "
            "executives) may work on its alerts."
        )
    errors = {}
    status = changes.get("status", alert.status)
    note = changes.get("note", alert.note).strip()
    if status not in Status.values:
        errors["status"] = f"Choose one of: {', '.join(Status.values)}."
    elif status == Status.ACKNOWLEDGED and alert.status != Status.ACKNOWLEDGED and not note:
        errors["note"] = "Say what is being done about it: acknowledging needs a note."
    assignee = changes.get("assignee", alert.assignee)
    if "assignee" in changes and assignee is not None:
        if not assignee.is_active:
            errors["assignee"] = "They can no longer log in: choose someone else."
        elif not _may_see(assignee, alert):
            errors["assignee"] = (
                "They may not see this account behind its picket fence: choose someone on its team."
            )
    if errors:
        raise ValidationError(errors)
    if status != alert.status:
        alert.handled_at, alert.handled_by = timezone.now(), user
    alert.status, alert.note, alert.assignee = status, note, assignee
    alert.full_clean(exclude=["measure"])
    alert.save()
    if "assignee" in changes and assignee is not None and assignee != user:
        notify(
            [assignee],
            kind=Kind.ALERT,
            message=f"{_name(user)} asked you to look at: {alert.message}",
            url=alert_page_url(alert),
            root=_root_of(alert),
        )
    return alert


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _root_of(alert: Alert) -> int | None:
    """The top-level organisation of an account's alert: what fences its notification."""
    if alert.scope_kind != ScopeKind.ACCOUNT:
        return None
    accounts = Account.objects.filter(pk=alert.scope_id)
    return accounts.values_list("organisation_id", flat=True).first()


def announce(alerts) -> int:
    """Tell whoever answers for each new alert's scope (stakeholders.access.scope_owners);
    returns how many were told. Each alert is announced once, whatever reruns."""
    told = 0
    for alert in alerts:
        told += len(
            notify(
                access.scope_owners(alert.scope_kind, alert.scope_id),
                kind=Kind.ALERT,
                message=alert.message,
                url=alert_page_url(alert),
                root=_root_of(alert),
                key=f"alert:{alert.pk}",
            )
        )
    return told
