"""The alerts page: a period's alerts grouped by measure, and the work on each (assign,
acknowledge with a note, resolve, reopen) for those who answer for its scope."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.people import person_name
from scorecard import alert_work, periods
from scorecard.models import Alert
from scorecard.views import period_choices
from stakeholders import access

User = get_user_model()
STATUS_FILTERS = {
    "unresolved": [Alert.Status.OPEN, Alert.Status.ACKNOWLEDGED],
    "open": [Alert.Status.OPEN],
    "acknowledged": [Alert.Status.ACKNOWLEDGED],
    "resolved": [Alert.Status.RESOLVED],
    "all": list(Alert.Status.values),
}
ACTIONS = {
    "acknowledge": Alert.Status.ACKNOWLEDGED,
    "resolve": Alert.Status.RESOLVED,
    "reopen": Alert.Status.OPEN,
}


def _people():
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


def _page(request, *, period, show, measure, status=200, failed=None):
    alerts = list(
        Alert.objects.visible_to(request.user)
        .filter(period=period.code, status__in=STATUS_FILTERS[show])
        .filter(**({"measure__code": measure} if measure else {}))
        .select_related("measure", "assignee", "handled_by")
        .order_by("-severity_rank", "scope_name", "pk")
    )
    handled = access.handled_scopes(request.user)
    for alert in alerts:
        alert.may_handle = alert_work.may_handle(request.user, alert, handled)
    groups = alert_work.group_by_measure(alerts)
    context = {
        "period": period,
        "show": show,
        "measure": measure,
        "groups": groups,
        "filters": list(STATUS_FILTERS),
        "people": list(_people()) if any(a.may_handle for a in alerts) else [],
        "failed": failed,
        "period_choices": period_choices(period),
    }
    return render(request, "scorecard/alerts.html", context, status=status)


def _period(request):
    code = request.GET.get("period") or request.POST.get("period")
    return periods.parse(code) if code else periods.current_quarter()


@require_GET
def alert_list(request):
    try:
        period = _period(request)
    except periods.BadPeriod as error:
        return render(request, "scorecard/bad_request.html", {"message": str(error)}, status=400)
    show = request.GET.get("show", "unresolved")
    if show not in STATUS_FILTERS:
        show = "unresolved"
    return _page(request, period=period, show=show, measure=request.GET.get("measure", ""))


@require_POST
def alert_act(request, pk):
    """One piece of work on one alert, from its row's forms: `action` says which."""
    visible = Alert.objects.visible_to(request.user).select_related("measure")
    alert = get_object_or_404(visible, pk=pk)
    action = request.POST.get("action", "")
    changes = {}
    if action == "assign":
        chosen = request.POST.get("assignee", "")
        if chosen and not chosen.isdigit():
            chosen = "0"
        changes["assignee"] = _people().filter(pk=int(chosen)).first() if chosen else None
        if chosen and changes["assignee"] is None:
            return _refused(request, alert, {"assignee": "Choose one of our people."})
    elif action in ACTIONS:
        changes["status"] = ACTIONS[action]
        if "note" in request.POST:
            changes["note"] = request.POST["note"][:2000]
    else:
        return _refused(
            request, alert, {"action": "Choose assign, acknowledge, resolve or reopen."}
        )
    try:
        # Refused (PermissionDenied) is the 403 page, saying who may.
        alert_work.alert_update(alert=alert, user=request.user, **changes)
    except ValidationError as error:
        return _refused(request, alert, error.message_dict)
    messages.success(request, _done(action, changes, alert))
    url = reverse("scorecard_alerts")
    return redirect(f"{url}?period={alert.period}&show=all#alert-{alert.pk}")


def _done(action, changes, alert) -> str:
    if action == "assign":
        who = changes["assignee"]
        return f"Assigned to {person_name(who)}." if who else "Nobody is assigned now."
    return {
        "acknowledge": "Acknowledged.",
        "resolve": "Resolved.",
        "reopen": "Reopened.",
    }[action]


def _refused(request, alert, errors: dict):
    failed = {"alert": alert.pk, "errors": [m for ms in errors.values() for m in _list(ms)]}
    return _page(
        request,
        period=periods.parse(alert.period),
        show="all",
        measure="",
        status=400,
        failed=failed,
    )


def _list(messages_):
    return messages_ if isinstance(messages_, list) else [messages_]
