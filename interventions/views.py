"""Pages to log interactions, plan interventions and keep commitments and issues."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.dates import format_day
from core.paging import page_of
from core.people import person_name
from interventions import selectors, services
from interventions.forms import (
    CommitmentForm,
    CommitmentStatusForm,
    InteractionForm,
    InterventionCloseForm,
    InterventionFilterForm,
    InterventionForm,
    IssueForm,
    IssueResolveForm,
)
from interventions.models import Commitment, Intervention, Issue
from stakeholders import access
from stakeholders.models import Account, Contact, Organisation

CONTACT_OPTIONS = 100
SEARCH_RESULTS = 20
INTERVENTIONS_PAGE = 50


def _organisation_from_query(request) -> Organisation | None:
    """The organisation named by `?organisation=`; None when absent, 404 when unknown."""
    organisation_id = request.GET.get("organisation", "")
    if not organisation_id.isdigit():
        return None
    return get_object_or_404(Organisation.objects.visible_to(request.user), pk=organisation_id)


def _refuse(request, organisation, message=""):
    """The 403 page: says why, and who to ask when a picket fence is the reason."""
    return render(
        request,
        "interventions/refused.html",
        {
            "organisation": organisation,
            "message": message
            or access.fence_refusal_message(organisation)
            or "You may not record anything here.",
        },
        status=403,
    )


def _missing_organisation(request):
    return render(request, "interventions/no_organisation.html", status=400)


def _hierarchy_contacts(user, organisation):
    root_id = organisation.root_id or organisation.pk
    return (
        Contact.objects.visible_to(user)
        .filter(organisation__root_id=root_id)
        .select_related("organisation")
    )


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _back_to(request, organisation) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return organisation.get_absolute_url()


# --- interactions ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def interaction_new(request):
    organisation = _organisation_from_query(request)
    if organisation is None:
        return _missing_organisation(request)
    if not access.can_write_at(request.user, organisation):
        return _refuse(request, organisation)
    contacts = _hierarchy_contacts(request.user, organisation)
    staff = get_user_model().objects.filter(is_active=True).exclude(pk=request.user.pk)
    staff = staff.order_by("first_name", "last_name", "username")
    preset = request.GET.get("contact", "")
    form = InteractionForm(
        request.POST or None,
        contacts=contacts,
        staff=staff,
        initial={"contacts": [preset] if preset.isdigit() else []},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interaction = services.interaction_log(
                logged_by=request.user,
                organisation=organisation,
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                contacts=list(data["contacts"]),
                staff=[request.user, *data["staff"]],
                summary=data["summary"],
                sentiment=data["sentiment"],
                notes=data["notes"],
                commitments=form.commitment_drafts(),
            )
        except PermissionDenied as denied:
            return _refuse(request, organisation, str(denied))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, f"Interaction logged at {organisation}: {interaction.summary}"
            )
            return redirect(organisation.get_absolute_url())
    chosen = {str(pk) for pk in (form["contacts"].value() or [])}
    return render(
        request,
        "interventions/interaction_form.html",
        {
            "form": form,
            "organisation": organisation,
            "contact_options": _contact_options(contacts, chosen, query=""),
            "chosen": chosen,
            "option_limit": CONTACT_OPTIONS,
        },
        status=400 if form.is_bound else 200,
    )


def _contact_options(contacts, chosen: set[str], *, query: str) -> list:
    """The contacts to offer as checkboxes: those already ticked, then matches of `query`."""
    chosen_ids = [int(pk) for pk in chosen if pk.isdigit()]
    ticked = list(contacts.filter(pk__in=chosen_ids)) if chosen_ids else []
    matches = contacts.exclude(pk__in=chosen_ids)
    for word in query.split():
        matches = matches.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(job_title__icontains=word)
        )
    limit = SEARCH_RESULTS if query else CONTACT_OPTIONS
    return ticked + list(matches[:limit])


@require_GET
def interaction_contact_search(request):
    """htmx: the contact checkboxes of the log form, narrowed to what the user typed."""
    organisation = _organisation_from_query(request)
    if organisation is None:
        return _missing_organisation(request)
    contacts = _hierarchy_contacts(request.user, organisation)
    chosen = set(request.GET.getlist("contacts"))
    return render(
        request,
        "interventions/interaction_form.html#contact-options",
        {
            "contact_options": _contact_options(
                contacts, chosen, query=request.GET.get("q", "")[:100]
            ),
            "chosen": chosen,
            "query": request.GET.get("q", ""),
            "organisation": organisation,
            "option_limit": CONTACT_OPTIONS,
        },
    )


# --- interventions --------------------------------------------------------------------------


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
    preset = _organisation_from_query(request)
    if preset is not None and not access.can_write_at(request.user, preset):
        return _refuse(request, preset)
    contacts = (
        _hierarchy_contacts(request.user, preset) if preset is not None else Contact.objects.none()
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
            intervention, conflicts = services.intervention_plan(
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
            return _refuse(request, data["organisation"] or preset, str(denied))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Intervention saved: {intervention.title}")
            for other in conflicts:
                messages.warning(request, conflict_sentence(other))
            return redirect(intervention)
    return render(
        request,
        "interventions/intervention_form.html",
        {"form": form, "preset": preset},
        status=400 if form.is_bound else 200,
    )


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
    conflicts = selectors.intervention_conflicts(intervention=intervention)
    # Only what the user may see of the others: the rest is a count, so they know to ask.
    visible = set(
        Intervention.objects.visible_to(user)
        .filter(pk__in=[c.pk for c in conflicts])
        .values_list("pk", flat=True)
    )
    contacts = list(intervention.contacts.visible_to(user).select_related("organisation"))
    return render(
        request,
        "interventions/intervention_detail.html",
        {
            "intervention": intervention,
            "conflicts": [(c, conflict_sentence(c)) for c in conflicts if c.pk in visible],
            "hidden_conflicts": sum(1 for c in conflicts if c.pk not in visible),
            "contacts": contacts,
            "hidden_contacts": intervention.contacts.count() - len(contacts)
            if intervention.target_kind == Intervention.TargetKind.CONTACTS
            else 0,
            "interactions": intervention.interactions.visible_to(user).select_related(
                "organisation"
            )[:20],
            "close_form": close_form,
            "can_close": intervention.is_open
            and access.may_change_intervention(
                user, services.intervention_organisations(intervention)
            ),
        },
        status=status,
    )


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
            return _refuse(request, intervention.organisation, str(denied))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Intervention closed: {intervention.title}")
            return redirect(intervention)
    intervention.refresh_from_db()
    return _render_intervention(request, intervention, form, status=400)


# --- commitments and issues -----------------------------------------------------------------


def _record_at(request, *, form_for, record, template: str, success) -> object:
    """A page that records one thing at `?organisation=`: a commitment or an issue.

    `form_for(data, organisation)` builds the form, `record` is the service that writes it and
    `success(cleaned_data)` says what was recorded.
    """
    organisation = _organisation_from_query(request)
    if organisation is None:
        return _missing_organisation(request)
    if not access.can_write_at(request.user, organisation):
        return _refuse(request, organisation)
    form = form_for(request.POST or None, organisation)
    if request.method == "POST" and form.is_valid():
        try:
            record(recorded_by=request.user, organisation=organisation, **form.cleaned_data)
        except PermissionDenied as denied:
            return _refuse(request, organisation, str(denied))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, success(form.cleaned_data))
            return redirect(organisation.get_absolute_url())
    return render(
        request,
        template,
        {"form": form, "organisation": organisation},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def commitment_new(request):
    return _record_at(
        request,
        form_for=lambda data, organisation: CommitmentForm(data),
        record=services.commitment_record,
        template="interventions/commitment_form.html",
        success=lambda data: f"Commitment recorded: {data['description']}",
    )


@require_POST
def commitment_status(request, pk):
    commitment = access.get_visible_or_404(
        Commitment.objects.select_related("organisation"), request.user, pk=pk
    )
    form = CommitmentStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the listed statuses.")
        return redirect(_back_to(request, commitment.organisation))
    try:
        services.commitment_set_status(
            commitment=commitment, updated_by=request.user, status=form.cleaned_data["status"]
        )
    except PermissionDenied as denied:
        return _refuse(request, commitment.organisation, str(denied))
    messages.success(
        request, f"Commitment “{commitment.description}” is now {commitment.get_status_display()}."
    )
    return redirect(_back_to(request, commitment.organisation))


@require_http_methods(["GET", "POST"])
def issue_new(request):
    return _record_at(
        request,
        form_for=lambda data, organisation: IssueForm(
            data, contacts=_hierarchy_contacts(request.user, organisation)
        ),
        record=services.issue_record,
        template="interventions/issue_form.html",
        success=lambda data: f"Issue recorded: {data['summary']}",
    )


def _issue_or_404(request, pk):
    return access.get_visible_or_404(
        Issue.objects.select_related("organisation"), request.user, pk=pk
    )


@require_POST
def issue_resolve(request, pk):
    issue = _issue_or_404(request, pk)
    form = IssueResolveForm(request.POST)
    form.is_valid()  # the resolution is optional free text: nothing to reject
    try:
        services.issue_resolve(
            issue=issue, resolved_by=request.user, resolution=form.cleaned_data["resolution"]
        )
    except PermissionDenied as denied:
        return _refuse(request, issue.organisation, str(denied))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Issue resolved: {issue.summary}")
    return redirect(_back_to(request, issue.organisation))


@require_POST
def issue_escalate(request, pk):
    issue = _issue_or_404(request, pk)
    try:
        services.issue_escalate(issue=issue, escalated_by=request.user)
    except PermissionDenied as denied:
        return _refuse(request, issue.organisation, str(denied))
    messages.success(request, f"Issue escalated: {issue.summary}")
    return redirect(_back_to(request, issue.organisation))
