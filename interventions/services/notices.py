"""Who is told when an intervention is planned or moved so that it clashes.

- Another unit's open plan overlapping it on the same target: that plan's owner is told, and the
  manager of each account it is aimed at (a conflicting intervention on their account).
- Its owner is outside the team of a fenced account it is aimed at: the account's manager is
  told of the fence breach.

Each pair is told once (notifications are keyed), however often the plan is saved; nobody is
told of their own doing. Notifications about an account are fenced like the account.
"""

from core.dates import format_window
from core.people import person_name
from interventions.models import Intervention
from interventions.selectors import team_name
from notifications.models import Kind
from notifications.services import notify
from stakeholders.models import Account


def _target_words(intervention: Intervention) -> str:
    if intervention.organisation_id:
        return f"at {intervention.organisation.name}"
    if intervention.community_id:
        return f"for {intervention.community.name}"
    return "with people you deal with"


def announce(intervention: Intervention, conflicts: list[Intervention], roots: list[int], by):
    """Tell of `intervention`'s clashes: `conflicts` are the overlapping open plans of other
    units, `roots` the top-level organisations it is aimed at, `by` who planned or moved it."""
    if not intervention.is_open:
        return
    accounts = list(
        Account.objects.filter(organisation_id__in=roots).select_related("manager", "organisation")
    )
    root = roots[0] if len(roots) == 1 else None
    url = intervention.get_absolute_url()
    who = team_name(intervention)
    window = format_window(intervention.starts_on, intervention.ends_on)
    owners_told = {other.owner_id for other in conflicts}
    for other in conflicts:
        notify(
            [other.owner] if other.owner_id != by.pk else [],
            kind=Kind.CONFLICT,
            message=f"{who} plans “{intervention.title}” {_target_words(intervention)} "
            f"({window}), overlapping your “{other.title}”.",
            url=url,
            root=root,
            key=f"conflict:{intervention.pk}:{other.pk}",
        )
    if conflicts:
        for account in accounts:
            # A manager who owns one of the clashing plans has been told already, as its owner.
            if account.manager_id not in (None, by.pk, *owners_told):
                notify(
                    [account.manager],
                    kind=Kind.CONFLICT,
                    message=f"Conflicting interventions at {account.organisation.name}: {who}'s "
                    f"“{intervention.title}” overlaps "
                    + ", ".join(f"{team_name(o)}'s “{o.title}”" for o in conflicts)
                    + ".",
                    url=url,
                    root=account.organisation_id,
                    key=f"conflict:{intervention.pk}:account:{account.pk}",
                )
    for account in accounts:
        if not account.is_fenced or account.manager_id in (None, by.pk):
            continue
        if intervention.owner_id in _team(account):
            continue
        notify(
            [account.manager],
            kind=Kind.FENCE_BREACH,
            message=f"{person_name(intervention.owner)} runs “{intervention.title}” at fenced "
            f"{account.organisation.name}, outside the account team.",
            url=url,
            root=account.organisation_id,
            key=f"breach:{intervention.pk}:{account.pk}:{intervention.owner_id}",
        )


def _team(account: Account) -> set[int]:
    return {account.manager_id, *account.team.values_list("pk", flat=True)}
