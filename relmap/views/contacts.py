"""One contact's page: their relationships with our people, timeline and history."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from interventions.models import Interaction
from relmap.trust.history import history_page
from relmap.views.timeline import timeline_page
from stakeholders import access, who_knows
from stakeholders.models import Contact


@require_GET
def contact_detail(request, pk):
    user = request.user
    contact = access.get_visible_or_404(Contact.objects.select_related("organisation"), user, pk=pk)
    timeline = timeline_page(request, Interaction.objects.visible_to(user).filter(contacts=contact))
    context = {"contact": contact, "timeline": timeline}
    if request.htmx and "timeline" in request.GET:
        return render(request, "relmap/contact_detail.html#timeline", context)
    context |= {
        "relationships": contact.relationships.with_dormancy()
        .select_related("staff", "owner")
        .order_by("-strength", "id"),
        "can_write": contact.organisation is not None
        and access.can_write_at(user, contact.organisation),
        "history": history_page(request, contact),
        "who": who_knows.for_contact(user, contact),
    }
    return render(request, "relmap/contact_detail.html", context)
