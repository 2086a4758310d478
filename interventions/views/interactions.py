"""Logging an interaction at an organisation, with its contacts found by typing; correcting
or deleting one's own afterwards."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.people import person_name
from interventions import services
from interventions.forms import LARGEST_ID, InteractionEditForm, InteractionForm
from interventions.models import Interaction
from interventions.views.common import (
    apply_errors,
    back_to,
    hierarchy_contacts,
    missing_organisation,
    organisation_from_query,
    refuse,
)
from stakeholders import access
from stakeholders.models import Contact

CONTACT_OPTIONS = 100
SEARCH_RESULTS = 20
QUERY_LENGTH = 100
# Interactions a page of the organisation page's timeline shows (relmap.views.timeline).
TIMELINE_PAGE = 20


@dataclass(frozen=True)
class ContactOptions:
    """The contacts the log form offers as checkboxes, and which of them are ticked."""

    rows: list[Contact]
    chosen: set[str]
    # The one person a search found, ticked for the user (it lasts while the search does).
    picked: Contact | None = None
    query: str = ""


@require_http_methods(["GET", "POST"])
def interaction_new(request):
    organisation = organisation_from_query(request)
    if organisation is None:
        return missing_organisation(request)
    if not access.can_write_at(request.user, organisation):
        return refuse(request, organisation)
    contacts = hierarchy_contacts(request.user, organisation)
    staff = get_user_model().objects.filter(is_active=True).exclude(pk=request.user.pk)
    staff = staff.order_by("first_name", "last_name", "username")
    preset = request.GET.get("contact", "")
    form = InteractionForm(
        request.POST or None,
        contacts=contacts,
        staff=staff,
        initial={"contacts": [preset] if preset.isdigit() else []},
    )
    query = request.POST.get("q", "").strip()[:QUERY_LENGTH]
    if query:
        # Enter in the contact search without JavaScript (the script keeps the search out of
        # what it posts): answer with the matches and everything typed so far, save nothing.
        form = InteractionForm(contacts=contacts, staff=staff, initial=form.sent_values())
        options = _contact_options(contacts, _ticked(form), query=query)
        messages.info(
            request,
            f"People matching “{query}” are listed under Contacts: tick who took part, then "
            "log the interaction.",
        )
        return _render_form(request, form, organisation, options)
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
            return refuse(request, organisation, str(denied))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"Interaction logged at {organisation}: {interaction.summary}"
            )
            return redirect(_timeline_at(request.user, organisation, interaction))
    options = _contact_options(contacts, _ticked(form), query="")
    return _render_form(request, form, organisation, options, status=400 if form.is_bound else 200)


def _render_form(request, form, organisation, options: ContactOptions, status=200):
    return render(
        request,
        "interventions/interaction_form.html",
        {
            "form": form,
            "organisation": organisation,
            "options": options,
            "option_limit": CONTACT_OPTIONS,
        },
        status=status,
    )


def _ticked(form) -> set[str]:
    return {str(pk) for pk in (form["contacts"].value() or [])}


def _timeline_at(user, organisation, interaction) -> str:
    """The organisation page at the timeline page that shows `interaction`, marked as new.

    The organisation page's timeline holds the organisation's interactions and its divisions'
    (all of the hierarchy at a top-level organisation), latest first.
    """
    here = (
        Q(organisation__root_id=organisation.pk)
        if organisation.parent_id is None
        else Q(organisation=organisation) | Q(organisation__parent=organisation)
    )
    newer = Interaction.objects.visible_to(user).filter(here).newer_than(interaction).count()
    query = {"logged": interaction.pk}
    if newer >= TIMELINE_PAGE:
        query["timeline"] = newer // TIMELINE_PAGE + 1
    return f"{organisation.get_absolute_url()}?{urlencode(query)}#interaction-{interaction.pk}"


def _contact_options(contacts, chosen: set[str], *, query: str) -> ContactOptions:
    """Those already ticked, then the matches of `query` (or everyone, up to a limit).

    When `query` matches exactly one person, and nobody ticked already, that person is picked.
    """
    chosen_ids = [int(pk) for pk in chosen if pk.isdigit() and int(pk) <= LARGEST_ID]
    ticked = list(contacts.filter(pk__in=chosen_ids)) if chosen_ids else []
    if not query:
        others = contacts.exclude(pk__in=chosen_ids)[:CONTACT_OPTIONS]
        return ContactOptions(rows=ticked + list(others), chosen=chosen)
    matches = contacts
    for word in query.split():
        matches = matches.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(job_title__icontains=word)
        )
    found = list(matches[:SEARCH_RESULTS])
    rest = [contact for contact in found if contact.pk not in chosen_ids]
    picked = rest[0] if len(found) == 1 and rest else None
    if picked is not None:
        chosen = chosen | {str(picked.pk)}
    return ContactOptions(rows=ticked + rest, chosen=chosen, picked=picked, query=query)


@require_GET
def interaction_contact_search(request):
    """htmx: the contact checkboxes of the log form, narrowed to what the user typed."""
    organisation = organisation_from_query(request)
    if organisation is None:
        return missing_organisation(request)
    contacts = hierarchy_contacts(request.user, organisation)
    options = _contact_options(
        contacts,
        set(request.GET.getlist("contacts")),
        query=request.GET.get("q", "").strip()[:QUERY_LENGTH],
    )
    return render(
        request,
        "interventions/interaction_form.html#contact-options",
        {"options": options, "organisation": organisation, "option_limit": CONTACT_OPTIONS},
    )


def _interaction_or_404(request, pk):
    return access.get_visible_or_404(
        Interaction.objects.select_related("organisation", "logged_by"), request.user, pk=pk
    )


def _refuse_unless_theirs(request, interaction):
    """A 403 page unless the user logged `interaction` and may still write where it happened."""
    if interaction.logged_by_id != request.user.pk:
        logger = person_name(interaction.logged_by) if interaction.logged_by else "someone else"
        return refuse(
            request,
            interaction.organisation,
            "Only the person who logged an interaction may change or delete it; "
            f"this one was logged by {logger}.",
            heading="You can't change this interaction",
        )
    if not access.can_write_at(request.user, interaction.organisation):
        return refuse(
            request, interaction.organisation, heading="You can't change this interaction"
        )
    return None


@require_http_methods(["GET", "POST"])
def interaction_edit(request, pk):
    interaction = _interaction_or_404(request, pk)
    if refusal := _refuse_unless_theirs(request, interaction):
        return refusal
    form = InteractionEditForm(
        request.POST or None,
        initial={name: getattr(interaction, name) for name in InteractionEditForm.base_fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interaction_update(
                interaction=interaction, updated_by=request.user, **form.cleaned_data
            )
        except PermissionDenied as denied:
            return refuse(request, interaction.organisation, str(denied))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Interaction updated: {interaction.summary}")
            return redirect(
                f"{back_to(request, interaction.organisation)}#interaction-{interaction.pk}"
            )
    return render(
        request,
        "interventions/interaction_edit.html",
        {
            "form": form,
            "interaction": interaction,
            "contacts": interaction.contacts.visible_to(request.user),
            "back": back_to(request, interaction.organisation),
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def interaction_delete(request, pk):
    """GET asks to confirm; POST deletes. The audit trail keeps the deletion."""
    interaction = _interaction_or_404(request, pk)
    if refusal := _refuse_unless_theirs(request, interaction):
        return refusal
    if request.method == "POST":
        try:
            services.interaction_delete(interaction=interaction, deleted_by=request.user)
        except PermissionDenied as denied:
            return refuse(request, interaction.organisation, str(denied))
        messages.success(request, f"Interaction deleted: {interaction.summary}")
        return redirect(back_to(request, interaction.organisation))
    return render(
        request,
        "interventions/interaction_confirm_delete.html",
        {
            "interaction": interaction,
            "contacts": interaction.contacts.visible_to(request.user),
            "commitments": interaction.commitments.count(),
            "back": back_to(request, interaction.organisation),
        },
    )
