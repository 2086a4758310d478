"""Stakeholder communities with their strategy: the list, one community, adding and changing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import add_validation_errors
from core.paging import page_of
from stakeholders import services
from stakeholders.forms import CommunityForm
from stakeholders.models import Community
from stakeholders.views.common import form_page

COMMUNITIES_PAGE = 50
MEMBERS_PAGE = 50
FIELDS = ["name", "kind", "tier", "owner_unit", "target", "objective", "intended_outcome"]


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


# Communities are behind no fence: whoever works here may write their strategy down.
@require_http_methods(["GET", "POST"])
def community_new(request):
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(**form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Community added: {community.name}")
            return redirect(community)
    return form_page(
        request,
        form,
        title="Add a community",
        submit="Save community",
        cancel=reverse("community_list"),
        crumbs=[(reverse("community_list"), "Communities")],
    )


@require_http_methods(["GET", "POST"])
def community_edit(request, pk):
    community = get_object_or_404(Community, pk=pk)
    form = CommunityForm(
        request.POST or None, initial={name: getattr(community, name) for name in FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        try:
            services.community_update(community=community, **data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Saved {community.name}.")
            return redirect(community)
    return form_page(
        request,
        form,
        title=f"Edit {community.name}",
        submit="Save community",
        cancel=community.get_absolute_url(),
        crumbs=[
            (reverse("community_list"), "Communities"),
            (community.get_absolute_url(), community.name),
        ],
    )
