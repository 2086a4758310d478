"""Asking them, for our people: ask one contact (from their page or the account's survey
page), ask every executive contact of a community or of the key accounts after a preview,
and see the requests, answers and response rate."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import Form
from core.paging import page_of
from stakeholders import access
from stakeholders.models import Account, AssessmentRequest, Community, Contact, Organisation
from stakeholders.services.surveys import (
    assessment_request_create,
    assessment_requests_create_many,
    bulk_candidates,
)
from stakeholders.survey_stats import survey_counts, survey_counts_by_community
from stakeholders.views.common import crumbs_of, organisation_or_404, refuse

REQUESTS_PAGE = 25


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} · {obj.job_title}" if obj.job_title else obj.full_name


class AskForm(Form):
    contact = ContactChoiceField(queryset=Contact.objects.none(), label="Contact")

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts


def _ask(request, contact: Contact) -> str:
    """Ask `contact`; returns the error to show, or "" when the request went out."""
    try:
        assessment_request_create(contact=contact, requested_by=request.user)
    except ValidationError as error:
        return " ".join(error.messages)
    messages.success(request, f"Survey sent to {contact.full_name} ({contact.email}).")
    return ""


@require_POST
def contact_survey_request(request, pk):
    """Ask the contact `pk` for a TOTAL assessment (the button on the contact's page)."""
    contact = get_object_or_404(
        Contact.objects.visible_to(request.user).select_related("organisation"), pk=pk
    )
    if not access.can_write_at(request.user, contact.organisation):
        return refuse(request, contact.organisation)
    error = _ask(request, contact)
    if error:
        return render(
            request,
            "stakeholders/survey_not_sent.html",
            {"contact": contact, "error": error},
            status=400,
        )
    return redirect(contact)


@require_http_methods(["GET", "POST"])
def account_surveys(request, pk):
    """The surveys of the account of top-level organisation `pk`: counts, requests, and the
    form to ask one of its contacts."""
    organisation = organisation_or_404(request, pk)
    if organisation.parent_id is not None:
        return redirect("account_surveys", pk=organisation.root_id)
    if access.is_behind_fence(request.user, organisation):
        return refuse(request, organisation)
    account = Account.objects.filter(organisation=organisation).first()
    may_write = access.can_write_at(request.user, organisation)
    contacts = (
        Contact.objects.visible_to(request.user)
        .filter(organisation__root_id=organisation.pk)
        .exclude(email="")
        .order_by("last_name", "first_name", "id")
    )
    form = AskForm(request.POST or None, contacts=contacts)
    if request.method == "POST":
        if not may_write:
            return refuse(request, organisation)
        if form.is_valid():
            error = _ask(request, form.cleaned_data["contact"])
            if not error:
                return redirect("account_surveys", pk=organisation.pk)
            form.add_error("contact", error)
    requests = AssessmentRequest.objects.visible_to(request.user).filter(account=account)
    page = page_of(
        requests.select_related("contact", "requested_by", "assessment").order_by("-id"),
        request,
        per_page=REQUESTS_PAGE,
    )
    return render(
        request,
        "stakeholders/account_surveys.html",
        {
            "organisation": organisation,
            "account": account,
            "counts": survey_counts(requests),
            "requests": page,
            "form": form if (may_write and account) else None,
            "crumbs": crumbs_of(organisation),
        },
        status=400 if form.is_bound else 200,
    )


@require_GET
def survey_overview(request):
    """Every survey the reader may see: the counts, per community, and the bulk requests."""
    requests = AssessmentRequest.objects.visible_to(request.user)
    return render(
        request,
        "stakeholders/survey_overview.html",
        {
            "counts": survey_counts(requests),
            "by_community": survey_counts_by_community(requests),
            "communities": Community.objects.order_by("name").only("pk", "name"),
        },
    )


def _bulk_target(request):
    """(label, contacts) for ?community=<id> or ?key_accounts=1, or None."""
    source = request.POST if request.method == "POST" else request.GET
    contacts = Contact.objects.visible_to(request.user)
    if source.get("key_accounts") == "1":
        return (
            "the key accounts",
            contacts.filter(organisation__root__is_key_account=True),
            {"key_accounts": "1"},
        )
    try:
        community_id = int(source.get("community", ""))
    except ValueError:
        return None
    community = Community.objects.filter(pk=community_id).first()
    if community is None:
        return None
    roots = Organisation.objects.filter(communities=community).values("root_id")
    return (
        f"the community {community.name}",
        contacts.filter(organisation__root_id__in=roots),
        {"community": community.pk},
    )


@require_http_methods(["GET", "POST"])
def survey_bulk(request):
    """Ask every executive contact of a community or of the key accounts: GET previews who
    would be asked (and who is skipped, and why), POST asks them."""
    target = _bulk_target(request)
    if target is None:
        return render(request, "stakeholders/survey_bulk.html", {"target": None}, status=400)
    label, contacts, params = target

    closed = access.roots_closed_to_writes(request.user)
    preview = bulk_candidates(contacts, may_ask=lambda org: (org.root_id or org.pk) not in closed)
    if request.method == "POST" and not preview.asked:
        return render(
            request,
            "stakeholders/survey_bulk.html",
            {"target": label, "preview": preview, "params": params},
            status=400,
        )
    if request.method == "POST":
        created = assessment_requests_create_many(preview=preview, requested_by=request.user)
        messages.success(
            request,
            f"Survey sent to {len(created)} contact{'s' if len(created) != 1 else ''} of {label}.",
        )
        return redirect("survey_overview")
    return render(
        request,
        "stakeholders/survey_bulk.html",
        {"target": label, "preview": preview, "params": params},
    )
