"""Planning interventions, reviewing them, changing, starting and closing them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.dates import format_day
from core.paging import page_of
from core.people import person_name
from interventions import selectors, services
from interventions.forms import (
    InterventionCloseForm,
    InterventionEditForm,
    InterventionFilterForm,
    InterventionForm,
    InterventionWindowForm,
)
from interventions.models import Intervention
from interventions.views.common import (
    apply_errors,
    hierarchy_contacts,
    organisation_from_query,
    refuse,
)
from stakeholders import access
from stakeholders.models import Account, Contact, Organisation

INTERVENTIONS_PAGE = 50


@require_GET
def intervention_list(request):
    filters = InterventionFilterForm(request.GET or None)
    interventions = (
        Intervention.objects.visible_to(request.user)
        .select_related("owner", "unit", "organisation", "community")
        .order_by("-starts_on", "-id")
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["status"]:
            interventions = interventions.filter(status=data["status"])
        if data["purpose"]:
            interventions = interventions.filter(purpose=data["purpose"])
        if data["unit"]:
            interventions = interventions.filter(unit=data["unit"])
        if data["mine"]:
            interventions = interventions.filter(owner=request.user)
        if data["organisation"]:
            interventions = interventions.filter(organisation__root_id=data["organisation"])
    page = page_of(interventions, request, per_page=INTERVENTIONS_PAGE)
    template = "interventions/intervention_list.html"
    if request.htmx:
        template += "#rows"
    return render(request, template, {"filters": filters, "page": page})


def _organisation_choices(user, preset):
    held = Account.objects.filter(Q(manager=user) | Q(team=user)) | Account.objects.filter(
        organisation__is_key_account=True
    )
    choices = list(
        Organisation.objects.filter(pk__in=held.values("organisation_id")).order_by("name")[:500]
    )
    if preset is not None and preset not in choices:
        choices.insert(0, preset)
    return choices


@require_http_methods(["GET", "POST"])
def intervention_new(request):
    preset = organisation_from_query(request)
    if preset is not None and not access.can_write_at(request.user, preset):
        return refuse(request, preset)
    contacts = (
        hierarchy_contacts(request.user, preset) if preset is not None else Contact.objects.none()
    )
    form = InterventionForm(
        request.POST or None,
        organisation_choices=_organisation_choices(request.user, preset),
        contacts=contacts,
        initial={
            "organisation": preset.pk if preset else None,
            "community": request.GET.get("community") if preset is None else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            intervention, _ = services.intervention_plan(
                planned_by=request.user,
                title=data["title"],
                purpose=data["purpose"],
                objective=data["objective"],
                intended_outcome=data["intended_outcome"],
                tier=data["tier"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                organisation=data["organisation"],
                community=data["community"],
                contacts=list(data["contacts"]),
            )
        except PermissionDenied as denied:
            return refuse(request, data["organisation"] or preset, str(denied))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            # Its conflicts, if any, are on its page: said once, where they can be acted on.
            messages.success(request, f"Intervention saved: {intervention.title}")
            return redirect(intervention)
    return render(
        request,
        "interventions/intervention_form.html",
        {
            "form": form,
            "preset": preset,
            **_overlaps(request.user, request.POST if form.is_bound else None),
        },
        status=400 if form.is_bound else 200,
    )


@require_GET
def intervention_overlaps(request):
    """htmx: what the intervention being planned would overlap, as soon as its target and
    window are chosen (nothing until then)."""
    return render(
        request,
        "interventions/intervention_form.html#overlaps",
        _overlaps(request.user, request.GET),
    )


def _overlaps(user, data) -> dict:
    form = InterventionWindowForm(
        data,
        organisations=Organisation.objects.visible_to(user),
        contacts=Contact.objects.visible_to(user).select_related("organisation"),
    )
    if data is None or not form.is_valid():
        return {"overlaps": [], "hidden_overlaps": 0}
    shown, hidden = selectors.visible_conflicts(
        user, selectors.plan_conflicts(planner=user, **form.cleaned_data)
    )
    return {"overlaps": [(c, conflict_sentence(c)) for c in shown], "hidden_overlaps": hidden}


def conflict_sentence(other: Intervention) -> str:
    owner = person_name(other.owner)
    unit = f" ({other.unit})" if other.unit_id else ""
    return (
        f"This overlaps with “{other.title}”, an open intervention by {owner}{unit} on the same "
        f"target from {format_day(other.starts_on)} to {format_day(other.ends_on)}. "
        f"Talk to {owner} before you go ahead."
    )


def _intervention_or_404(request, pk):
    return access.get_visible_or_404(
        Intervention.objects.select_related("owner", "unit", "organisation", "community"),
        request.user,
        pk=pk,
    )


@require_GET
def intervention_detail(request, pk):
    intervention = _intervention_or_404(request, pk)
    return _render_intervention(request, intervention, InterventionCloseForm())


def _render_intervention(request, intervention, close_form, status=200):
    user = request.user
    conflicts, hidden_conflicts = selectors.visible_conflicts(
        user, selectors.intervention_conflicts(intervention=intervention)
    )
    contacts = list(intervention.contacts.visible_to(user).select_related("organisation"))
    may_change = access.may_change_intervention(
        user, services.intervention_organisations(intervention)
    )
    return render(
        request,
        "interventions/intervention_detail.html",
        {
            "intervention": intervention,
            "conflicts": [(c, conflict_sentence(c)) for c in conflicts],
            "hidden_conflicts": hidden_conflicts,
            "contacts": contacts,
            "hidden_contacts": intervention.contacts.count() - len(contacts)
            if intervention.target_kind == Intervention.TargetKind.CONTACTS
            else 0,
            "interactions": intervention.interactions.visible_to(user).select_related(
                "organisation"
            )[:20],
            "close_form": close_form,
            "can_change": may_change,
            "can_start": may_change and intervention.status == Intervention.Status.PLANNED,
            "can_close": may_change and intervention.is_open,
        },
        status=status,
    )


def _refusal_to_change(request, intervention):
    """A 403 page saying why, unless the user may change `intervention`."""
    try:
        services.intervention_require_change(request.user, intervention)
    except PermissionDenied as denied:
        return refuse(
            request,
            intervention.organisation,
            str(denied),
            heading="You can't change this intervention",
        )
    return None


@require_http_methods(["GET", "POST"])
def intervention_edit(request, pk):
    intervention = _intervention_or_404(request, pk)
    if refusal := _refusal_to_change(request, intervention):
        return refusal
    form = InterventionEditForm(
        request.POST or None,
        initial={name: getattr(intervention, name) for name in InterventionEditForm.base_fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_update(
                intervention=intervention, updated_by=request.user, **form.cleaned_data
            )
        except PermissionDenied as denied:
            return refuse(request, intervention.organisation, str(denied))
        except ValidationError as error:
            apply_errors(form, error)
            intervention.refresh_from_db()
        else:
            messages.success(request, f"Intervention updated: {intervention.title}")
            return redirect(intervention)
    contacts = list(intervention.contacts.visible_to(request.user))
    return render(
        request,
        "interventions/intervention_edit.html",
        {
            "form": form,
            "intervention": intervention,
            "contacts": contacts,
            "hidden_contacts": intervention.contacts.count() - len(contacts)
            if intervention.target_kind == Intervention.TargetKind.CONTACTS
            else 0,
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
def intervention_start(request, pk):
    """Planned → active: the work has begun."""
    intervention = _intervention_or_404(request, pk)
    if refusal := _refusal_to_change(request, intervention):
        return refusal
    if intervention.status != Intervention.Status.PLANNED:
        messages.error(
            request,
            "Only a planned intervention can be started; this one is "
            f"{intervention.get_status_display().lower()}.",
        )
        return _render_intervention(request, intervention, InterventionCloseForm(), status=409)
    try:
        services.intervention_update(
            intervention=intervention, updated_by=request.user, status=Intervention.Status.ACTIVE
        )
    except PermissionDenied as denied:
        return refuse(request, intervention.organisation, str(denied))
    messages.success(request, f"Intervention started: {intervention.title}")
    return redirect(intervention)


@require_POST
def intervention_close(request, pk):
    intervention = _intervention_or_404(request, pk)
    form = InterventionCloseForm(request.POST)
    if form.is_valid():
        try:
            services.intervention_close(
                intervention=intervention,
                closed_by=request.user,
                actual_outcome=form.cleaned_data["actual_outcome"],
                outcome_rating=form.cleaned_data["outcome_rating"],
                status=form.cleaned_data["status"],
            )
        except PermissionDenied as denied:
            return refuse(request, intervention.organisation, str(denied))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Intervention closed: {intervention.title}")
            return redirect(intervention)
    intervention.refresh_from_db()
    return _render_intervention(request, intervention, form, status=400)
