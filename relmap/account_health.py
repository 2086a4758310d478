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
from django.db.models.functions import Coalesce, Greatest, Least
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
    """Annotate accounts with the figures of the home page and their health; one query.

    Health (0–100) is deliberately simple so that an account manager can redo it by hand:

        health = mean strength of the account's active relationships (0 when there are none)
                 − 10 for each overdue commitment
                 − 15 for each open high-severity issue,
        clamped to 0…100.

    Everything counts across the account's organisation and all its divisions. Accounts whose
    detail the user may not see behind a picket fence are flagged `hidden` (their figures must
    not be shown) and sorted last; the rest are sorted with the lowest health first.
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
    ).annotate(
        health=Greatest(
            Value(0.0),
            Least(
                Value(100.0),
                F("mean_strength")
                - OVERDUE_PENALTY * F("overdue_commitments")
                - HIGH_ISSUE_PENALTY * F("open_high_issues"),
            ),
            output_field=FloatField(),
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

    def unless_hidden(expression):
        # Hidden accounts are listed by name alone: their order must not tell their figures.
        return Case(When(hidden=True, then=Value(None)), default=expression)

    return annotated.select_related("organisation", "manager").order_by(
        "hidden",
        unless_hidden(F("health")).asc(nulls_last=True),
        unless_hidden(F("overdue_commitments")).desc(nulls_last=True),
        unless_hidden(F("last_contact_at")).asc(nulls_first=True),
        "organisation__name",
    )


def home_accounts(user):
    """The accounts on `user`'s home page, attention first, and whether there are more.

    Everyone sees the accounts they manage or are on the team of. Executives, analysts and
    administrators who hold none see all key accounts instead. One query, or two for them.
    """
    held = Account.objects.filter(
        Q(manager=user) | Q(pk__in=Account.team.through.objects.filter(user=user).values("account"))
    )
    rows = list(accounts_with_health(held, user)[: HOME_LIMIT + 1])
    showing_key_accounts = False
    if not rows and access.role_of(user) in {"executive", "analyst", "admin"}:
        key = Account.objects.filter(organisation__is_key_account=True)
        rows = list(accounts_with_health(key, user)[: HOME_LIMIT + 1])
        showing_key_accounts = True
    return rows[:HOME_LIMIT], len(rows) > HOME_LIMIT, showing_key_accounts
