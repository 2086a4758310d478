"""Commitments and issues: recorded at an organisation, then kept, resolved or escalated."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from interventions import services
from interventions.forms import (
    CommitmentForm,
    CommitmentStatusForm,
    IssueForm,
    IssueResolveForm,
)
from interventions.models import Commitment, Issue
from interventions.views.common import (
    apply_errors,
    back_to,
    hierarchy_contacts,
    missing_organisation,
    organisation_from_query,
    refuse,
)
from stakeholders import access


def _record_at(request, *, form_for, record, template: str, success) -> object:
    """A page that records one thing at `?organisation=`: a commitment or an issue.

    `form_for(data, organisation)` builds the form, `record` is the service that writes it and
    `success(cleaned_data)` says what was recorded.
    """
    organisation = organisation_from_query(request)
    if organisation is None:
        return missing_organisation(request)
    if not access.can_write_at(request.user, organisation):
        return refuse(request, organisation)
    form = form_for(request.POST or None, organisation)
    if request.method == "POST" and form.is_valid():
        try:
            record(recorded_by=request.user, organisation=organisation, **form.cleaned_data)
        except PermissionDenied as denied:
            return refuse(request, organisation, str(denied))
        except ValidationError as error:
            apply_errors(form, error)
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
        return redirect(back_to(request, commitment.organisation))
    try:
        services.commitment_set_status(
            commitment=commitment, updated_by=request.user, status=form.cleaned_data["status"]
        )
    except PermissionDenied as denied:
        return refuse(request, commitment.organisation, str(denied))
    messages.success(
        request, f"Commitment “{commitment.description}” is now {commitment.get_status_display()}."
    )
    return redirect(back_to(request, commitment.organisation))


@require_http_methods(["GET", "POST"])
def issue_new(request):
    return _record_at(
        request,
        form_for=lambda data, organisation: IssueForm(
            data, contacts=hierarchy_contacts(request.user, organisation)
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
        return refuse(request, issue.organisation, str(denied))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Issue resolved: {issue.summary}")
    return redirect(back_to(request, issue.organisation))


@require_POST
def issue_escalate(request, pk):
    issue = _issue_or_404(request, pk)
    try:
        services.issue_escalate(issue=issue, escalated_by=request.user)
    except PermissionDenied as denied:
        return refuse(request, issue.organisation, str(denied))
    messages.success(request, f"Issue escalated: {issue.summary}")
    return redirect(back_to(request, issue.organisation))
