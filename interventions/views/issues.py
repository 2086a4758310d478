"""Issues for our people: the list with its triage queue of public reports (?triage=1), and
one issue with its placing (organisation, contact, category, severity), its public replies
and internal notes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_validation_errors
from core.paging import page_of
from interventions.feedback_forms import ReplyForm, TriageForm
from interventions.models import Issue
from interventions.services.feedback import issue_reply, issue_triage
from stakeholders import access
from stakeholders.models import Contact, Organisation
from stakeholders.views.common import refuse

ISSUES_PAGE = 50
SUGGESTED_ORGANISATIONS = 20


@require_GET
def issue_list(request):
    triage = request.GET.get("triage") == "1"
    issues = Issue.objects.visible_to(request.user)
    if triage:
        issues = issues.to_triage()
    page = page_of(
        issues.select_related("organisation", "contact").order_by("-opened_at", "-id"),
        request,
        per_page=ISSUES_PAGE,
    )
    return render(request, "interventions/issue_list.html", {"page": page, "triage": triage})


def _issue_or_404(request, pk) -> Issue:
    return access.get_visible_or_404(
        Issue.objects.select_related("organisation", "contact", "owner"), request.user, pk=pk
    )


def _triage_form(request, issue, data=None) -> TriageForm:
    wanted = Q(pk=issue.organisation_id) if issue.organisation_id else Q(pk__in=[])
    # What the reporter wrote, or what our person searched for on the page.
    looked_for = (request.GET.get("find", "") or issue.reporter_organisation).strip()[:100]
    if looked_for:
        wanted |= Q(name__icontains=looked_for)
    suggested = Organisation.objects.filter(wanted).order_by("name")[:SUGGESTED_ORGANISATIONS]
    contacts = Contact.objects.visible_to(request.user)
    by_email = Q(email__iexact=issue.reporter_email) if issue.reporter_email else Q(pk__in=[])
    in_organisation = (
        Q(organisation__root_id=issue.organisation.root_id or issue.organisation_id)
        if issue.organisation_id
        else Q(pk__in=[])
    )
    return TriageForm(
        data,
        organisation_choices=suggested,
        contacts=contacts.filter(by_email | in_organisation).select_related("organisation"),
        initial={
            "organisation": issue.organisation_id,
            "contact": issue.contact_id,
            "category": issue.category,
            "severity": issue.severity,
        },
    )


def _detail(request, issue, *, triage_form=None, reply_form=None, status=200):
    return render(
        request,
        "interventions/issue_detail.html",
        {
            "issue": issue,
            "replies": issue.replies.select_related("author").order_by("created_at", "id"),
            "triage_form": triage_form or _triage_form(request, issue),
            "reply_form": reply_form or ReplyForm(),
            "may_write": access.can_write_at(request.user, issue.organisation),
            "find": request.GET.get("find", "")[:100],
        },
        status=status,
    )


@require_GET
def issue_detail(request, pk):
    return _detail(request, _issue_or_404(request, pk))


@require_http_methods(["POST"])
def issue_place(request, pk):
    issue = _issue_or_404(request, pk)
    form = _triage_form(request, issue, request.POST)
    if form.is_valid():
        try:
            issue_triage(issue=issue, triaged_by=request.user, **form.cleaned_data)
        except PermissionDenied as denied:
            return refuse(request, form.cleaned_data["organisation"], str(denied))
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Issue placed at {issue.organisation.name}.")
            return redirect("issue_detail", pk=issue.pk)
    return _detail(request, issue, triage_form=form, status=400)


@require_POST
def issue_add_reply(request, pk):
    issue = _issue_or_404(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply = issue_reply(issue=issue, author=request.user, **form.cleaned_data)
        except PermissionDenied as denied:
            return refuse(request, issue.organisation, str(denied))
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, "Reply sent to the reporter." if reply.public else "Note added."
            )
            return redirect("issue_detail", pk=issue.pk)
    return _detail(request, issue, reply_form=form, status=400)
