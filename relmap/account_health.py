"""Account health for the home page: one number that says which account needs attention first."""

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from interventions.models import Commitment, Interaction, Issue
from stakeholders import access
from stakeholders.models import Account, Relationship

OVERDUE_PENALTY = 10
HIGH_ISSUE_PENALTY = 15
HOME_LIMIT = 100


def _per_root(queryset, expression, output_field):
    """A correlated subquery computing `expression` over the rows under the account's hierarchy.

    `queryset` must expose `root` (the top organisation id) so rows of every division count.
    """
    return Subquery(
        queryset.filter(root=OuterRef("organisation_id"))
        .values("root")
        .annotate(value=expression)
        .values("value"),
        output_field=output_field,
    )


def accounts_with_health(queryset, user):
    """Annotate accounts with the figures of the home page; one query (`with_health` adds
    their health and sorts them).

    Health (0–100) is deliberately simple so that an account manager can redo it by hand:

        health = mean strength of the account's active relationships (0 when there are none)
                 − 10 for each overdue commitment
                 − 15 for each open high-severity issue,
        clamped to 0…100.

    Everything counts across the account's organisation and all its divisions. Accounts whose
    detail the user may not see behind a picket fence are flagged `hidden` (their figures must
    not be shown). `attention_order` sorts them.
    """
    today = timezone.localdate()
    relationships = Relationship.objects.filter(
        status=Relationship.Status.ACTIVE, contact__deleted_at__isnull=True
    ).annotate(root=F("contact__organisation__root_id"))
    interactions = Interaction.objects.annotate(root=F("organisation__root_id"))
    commitments = Commitment.objects.open().annotate(root=F("organisation__root_id"))
    issues = Issue.objects.open().annotate(root=F("organisation__root_id"))
    count = Count("pk")
    annotated = queryset.annotate(
        mean_strength=Coalesce(_per_root(relationships, Avg("strength"), FloatField()), Value(0.0)),
        last_contact_at=_per_root(interactions, Max("occurred_at"), None),
        open_commitments=Coalesce(_per_root(commitments, count, IntegerField()), 0),
        overdue_commitments=Coalesce(
            _per_root(commitments.filter(due_on__lt=today), count, IntegerField()), 0
        ),
        open_issues=Coalesce(_per_root(issues, count, IntegerField()), 0),
        open_high_issues=Coalesce(
            _per_root(issues.filter(severity=Issue.Severity.HIGH), count, IntegerField()), 0
        ),
    )
    if access.sees_everything(user):
        annotated = annotated.annotate(hidden=Value(False, output_field=BooleanField()))
    else:
        annotated = annotated.annotate(
            hidden=Case(
                When(Q(pk__in=access.hidden_account_ids(user)), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    return annotated.select_related("organisation", "manager")


def health_of(account) -> float:
    """The health of an account annotated by `accounts_with_health`. Worked out here rather
    than in SQL, where each figure it uses would have been computed again."""
    score = (
        float(account.mean_strength)
        - OVERDUE_PENALTY * account.overdue_commitments
        - HIGH_ISSUE_PENALTY * account.open_high_issues
    )
    return max(0.0, min(100.0, score))


def with_health(accounts) -> list:
    """`accounts` (from `accounts_with_health`), each with its `health`, in attention order."""
    rows = list(accounts)
    for account in rows:
        account.health = health_of(account)
    return sorted(rows, key=attention_order)


def attention_order(account):
    """The sort key of the home page: hidden accounts last, by name alone (their order must not
    tell their figures); the rest by lowest health, most overdue commitments, longest without
    contact (never first), then name.

    Sorted here rather than by the database: ordered by these expressions, PostgreSQL computed
    every per-account subquery twice, once for the sort and once for the row.
    """
    name = account.organisation.name
    if account.hidden:
        return (1, 0.0, 0, 0.0, name.casefold(), name)
    last = account.last_contact_at
    return (
        0,
        float(account.health),
        -account.overdue_commitments,
        last.timestamp() if last is not None else float("-inf"),
        name.casefold(),
        name,
    )


def home_accounts(user):
    """The accounts on `user`'s home page, attention first, and whether there are more.

    Everyone sees the accounts they manage or are on the team of. Executives, analysts and
    administrators who hold none see all key accounts instead. One query, or two for them.
    """
    held = Account.objects.filter(
        Q(manager=user) | Q(pk__in=Account.team.through.objects.filter(user=user).values("account"))
    )
    rows = with_health(accounts_with_health(held, user))
    showing_key_accounts = False
    if not rows and access.role_of(user) in {"executive", "analyst", "admin"}:
        key = Account.objects.filter(organisation__is_key_account=True)
        rows = with_health(accounts_with_health(key, user))
        showing_key_accounts = True
    return rows[:HOME_LIMIT], len(rows) > HOME_LIMIT, showing_key_accounts
