"""Scopes of the scorecard: the company, a community, a unit or an account.

`community:<id>` covers the organisations in that community and their divisions (an
organisation belongs when it, or the top of its hierarchy, is a member). `unit:<id>` covers the
work of that unit's staff. `account:<id>` covers the account's organisation and its divisions.
"""

import re
from dataclasses import dataclass

from django.http import Http404

from scorecard import periods
from scorecard.models import ScopeKind
from stakeholders.models import Account, Community, Unit

_PATTERN = re.compile(r"^(community|unit|account):(\d{1,18})$")


class BadScope(ValueError):
    pass


@dataclass(frozen=True)
class Scope:
    kind: str
    id: int = 0
    name: str = "Company"

    @property
    def code(self) -> str:
        return "company" if self.kind == ScopeKind.COMPANY else f"{self.kind}:{self.id}"

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


COMPANY = Scope(ScopeKind.COMPANY)


def parse(code: str) -> tuple[str, int]:
    """`company`, `community:3`, `unit:2`, `account:7` → (kind, id); BadScope otherwise."""
    if code == "company":
        return (ScopeKind.COMPANY, 0)
    match = _PATTERN.match(code or "")
    if not match:
        raise BadScope(
            f"{code!r} is not a scope: use company, community:<id>, unit:<id> or account:<id>."
        )
    return (match.group(1), int(match.group(2)))


def resolve(code: str, user) -> Scope:
    """Parse and load a scope the user may look at: 404 for one that does not exist or that
    lies behind a picket fence the user is outside of."""
    kind, pk = parse(code)
    if kind == ScopeKind.COMPANY:
        return COMPANY
    if kind == ScopeKind.ACCOUNT:
        account = Account.objects.visible_to(user).select_related("organisation").filter(pk=pk)
        account = account.first()
        if account is None:
            raise Http404("No such account.")
        return Scope(kind, pk, account.organisation.name)
    model = Community if kind == ScopeKind.COMMUNITY else Unit
    name = model.objects.filter(pk=pk).values_list("name", flat=True).first()
    if name is None:
        raise Http404(f"No such {kind}.")
    return Scope(kind, pk, name)


def from_request(period_code: str | None, scope_code: str | None, user):
    """The period (default the current quarter) and scope (default the company) a request
    asks for. Raises BadPeriod or BadScope for malformed input, Http404 for a scope that does
    not exist or that the user may not look at."""
    period = periods.parse(period_code) if period_code else periods.current_quarter()
    return period, resolve(scope_code or "company", user)


def all_scopes() -> list[Scope]:
    """Every scope the scorecard is computed for (three queries)."""
    scopes = [COMPANY]
    scopes += [
        Scope(ScopeKind.COMMUNITY, pk, n) for pk, n in Community.objects.values_list("pk", "name")
    ]
    scopes += [Scope(ScopeKind.UNIT, pk, n) for pk, n in Unit.objects.values_list("pk", "name")]
    scopes += [
        Scope(ScopeKind.ACCOUNT, pk, n)
        for pk, n in Account.objects.values_list("pk", "organisation__name")
    ]
    return scopes
