"""Stakeholder pages that need only stakeholder data: organisation list, communities."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.paging import page_of
from stakeholders.forms import OrganisationFilterForm
from stakeholders.models import Community, Organisation

ORGANISATIONS_PAGE = 50
COMMUNITIES_PAGE = 50
MEMBERS_PAGE = 50


@require_GET
def organisation_list(request):
    filters = OrganisationFilterForm(request.GET or None)
    organisations = filters.filter(
        Organisation.objects.visible_to(request.user)
        .select_related("parent", "account")
        .prefetch_related("communities")
    )
    page = page_of(organisations, request, per_page=ORGANISATIONS_PAGE)
    template = "stakeholders/organisation_list.html"
    if request.htmx:
        template += "#rows"
    return render(request, template, {"filters": filters, "page": page})


@require_GET
def community_list(request):
    communities = (
        Community.objects.select_related("owner_unit")
        .annotate(member_count=Count("organisations"))
        .order_by("name")
    )
    page = page_of(communities, request, per_page=COMMUNITIES_PAGE)
    return render(request, "stakeholders/community_list.html", {"page": page})


@require_GET
def community_detail(request, pk):
    community = get_object_or_404(Community.objects.select_related("owner_unit"), pk=pk)
    members = page_of(
        community.organisations.select_related("account", "parent").order_by("name", "id"),
        request,
        per_page=MEMBERS_PAGE,
    )
    return render(
        request, "stakeholders/community_detail.html", {"community": community, "members": members}
    )
