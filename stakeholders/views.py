from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from stakeholders import access
from stakeholders.models import Community, Contact, Organisation


@require_GET
def organisation_detail(request, pk):
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related("parent", "account"), pk=pk
    )
    hidden = access.is_behind_fence(request.user, organisation)
    contacts = (
        Contact.objects.none()
        if hidden
        else Contact.objects.visible_to(request.user).filter(organisation=organisation)
    )
    return render(
        request,
        "stakeholders/organisation_detail.html",
        {
            "organisation": organisation,
            "divisions": organisation.divisions.all(),
            "contacts": contacts,
            "behind_fence": hidden,
            "fence_message": access.fence_refusal_message(organisation) if hidden else "",
        },
    )


@require_GET
def contact_detail(request, pk):
    contact = access.get_visible_or_404(
        Contact.objects.select_related("organisation"), request.user, pk=pk
    )
    return render(request, "stakeholders/contact_detail.html", {"contact": contact})


@require_GET
def community_detail(request, pk):
    community = get_object_or_404(Community, pk=pk)
    return render(request, "stakeholders/community_detail.html", {"community": community})
