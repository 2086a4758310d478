"""What the pages of every entity share: the organisation they record at, the 403 page that
says why, and how a service's refusal reaches the form."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from stakeholders import access
from stakeholders.models import Contact, Organisation


def organisation_from_query(request) -> Organisation | None:
    """The organisation named by `?organisation=`; None when absent, 404 when unknown."""
    organisation_id = request.GET.get("organisation", "")
    if not organisation_id.isdigit():
        return None
    return get_object_or_404(Organisation.objects.visible_to(request.user), pk=organisation_id)


def refuse(request, organisation, message="", *, heading=""):
    """The 403 page: says why, and who to ask when a picket fence is the reason."""
    return render(
        request,
        "interventions/refused.html",
        {
            "organisation": organisation,
            "heading": heading,
            "message": message
            or access.fence_refusal_message(organisation)
            or "You may not record anything here.",
        },
        status=403,
    )


def missing_organisation(request):
    return render(request, "interventions/no_organisation.html", status=400)


def hierarchy_contacts(user, organisation):
    root_id = organisation.root_id or organisation.pk
    return (
        Contact.objects.visible_to(user)
        .filter(organisation__root_id=root_id)
        .select_related("organisation")
    )


def apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def back_to(request, organisation) -> str:
    """Where the page was opened from (`next`, posted or in the address), when it is ours;
    the organisation's page otherwise (the issues list for a public report not yet placed)."""
    target = request.POST.get("next", "") or request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    if organisation is None:
        return reverse("issue_list")
    return organisation.get_absolute_url()
