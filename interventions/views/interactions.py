"""Logging an interaction at an organisation, with its contacts found by typing."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from interventions import services
from interventions.forms import InteractionForm
from interventions.views.common import (
    apply_errors,
    hierarchy_contacts,
    missing_organisation,
    organisation_from_query,
    refuse,
)
from stakeholders import access

CONTACT_OPTIONS = 100
SEARCH_RESULTS = 20


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
    organisation = organisation_from_query(request)
    if organisation is None:
        return missing_organisation(request)
    contacts = hierarchy_contacts(request.user, organisation)
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
