"""The executive dashboard and the records behind a measure."""

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.views.decorators.http import require_GET

from core.dates import format_moment
from core.replica import replica_reads
from exchange.pdf import pdf_response
from scorecard import periods, scopes
from scorecard.metrics import REGISTRY
from scorecard.models import Measure
from scorecard.selectors import scorecard_for
from stakeholders.models import Account, Community, Unit

RECORDS_SHOWN = 200
# The date that says when each kind of record happened.
WHEN = {
    "issue": "opened_at",
    "interaction": "occurred_at",
    "commitment": "due_on",
    "intervention": "closed_at",
    "assessment": "requested_at",
    "relationship": "last_interaction_at",
}


def _period_and_scope(request):
    """The `?period=` and `?scope=` of a request, or a message saying what is wrong."""
    try:
        period, scope = scopes.from_request(
            request.GET.get("period"), request.GET.get("scope"), request.user
        )
    except (periods.BadPeriod, scopes.BadScope) as error:
        return None, None, str(error)
    return period, scope, None


def _bad_request(request, message):
    return render(request, "scorecard/bad_request.html", {"message": message}, status=400)


def period_choices(period):
    this_month = periods.current_month()
    months = this_month.last_months(12)[::-1]
    quarters = [periods.quarter_of(this_month.start)]
    for _ in range(7):
        quarters.append(quarters[-1].previous())
    years = [periods.year_of(this_month.start)]
    years += [years[-1].previous(), years[-1].previous().previous()]
    choices = quarters + months + years
    return choices if period in choices else [period, *choices]


def _scope_choices(user):
    """Communities, units and key accounts to pick from (three queries)."""
    accounts = Account.objects.visible_to(user).filter(organisation__is_key_account=True)
    return {
        "communities": list(Community.objects.values_list("pk", "name")),
        "units": list(Unit.objects.values_list("pk", "name")),
        "accounts": list(
            accounts.order_by("organisation__name").values_list("pk", "organisation__name")
        ),
    }


@require_GET
def dashboard(request):
    period, scope, error = _period_and_scope(request)
    if error:
        return _bad_request(request, error)
    with replica_reads():
        board = scorecard_for(period=period, scope=scope, user=request.user)
    page = render(
        request,
        "scorecard/dashboard.html",
        {
            "board": board,
            "period_choices": period_choices(period),
            **_scope_choices(request.user),
        },
    )
    if request.GET.get("format") == "pdf":
        return pdf_response(request, page, f"scorecard-{board.period.label}".replace(" ", "-"))
    return page


def _when(value) -> str:
    return format_moment(value)


def _record_rows(records, model_name):
    when = WHEN.get(model_name)
    for obj in records:
        organisation = getattr(obj, "organisation", None)
        if organisation is None and model_name == "relationship":
            organisation = obj.contact.organisation
        if organisation is None and model_name == "assessment":
            organisation = obj.account.organisation
        try:
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        except NoReverseMatch:  # a page another part of the project may not serve yet
            url = ""
        yield {
            "label": str(obj),
            "url": url,
            "organisation": organisation,
            "when": _when(getattr(obj, when)) if when else "",
            "obj": obj,
        }


@require_GET
def records(request, code):
    measure = Measure.objects.filter(code=code).first()
    if measure is None or measure.source not in REGISTRY:
        raise Http404("No measure with records under that code.")
    period, scope, error = _period_and_scope(request)
    if error:
        return _bad_request(request, error)
    metric = REGISTRY[measure.source]
    # Every record kind has its visible_to: the fence decides here as everywhere.
    rows = metric.records(scope, period).visible_to(request.user)
    found = list(rows.select_related(metric.source.org).order_by("-pk")[: RECORDS_SHOWN + 1])
    model_name = rows.model._meta.model_name
    return render(
        request,
        "scorecard/records.html",
        {
            "measure": measure,
            "period": period,
            "scope": scope,
            "rows": list(_record_rows(found[:RECORDS_SHOWN], model_name)),
            "more": len(found) > RECORDS_SHOWN,
            "kind": rows.model._meta.verbose_name_plural,
        },
    )
