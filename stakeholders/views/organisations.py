"""Organisations and their divisions: the list, and creating, changing and deleting one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_validation_errors
from core.paging import page_of
from stakeholders import access, services
from stakeholders.forms import OrganisationFilterForm, OrganisationForm
from stakeholders.models import Account, Organisation
from stakeholders.views.common import crumbs_of, form_page, organisation_or_404, refuse

ORGANISATIONS_PAGE = 50
FIELDS = [
    "name",
    "parent",
    "communities",
    "website",
    "country",
    "is_key_account",
    "lifetime_value",
    "purchasing_ability",
    "reciprocal_potential",
    "influence",
    "complaint_power",
    "nuisance_factor",
    "notes",
]


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


def _parents(user):
    # A division goes under an organisation the user may write at: any outside a fence.
    return Organisation.objects.visible_to(user).exclude(
        root_id__in=access.roots_closed_to_writes(user)
    )


@require_http_methods(["GET", "POST"])
def organisation_new(request):
    parent = None
    if request.GET.get("parent", "").isdigit():
        parent = organisation_or_404(request, request.GET["parent"])
        if not access.can_write_at(request.user, parent):
            return refuse(request, parent)
    form = OrganisationForm(
        request.POST or None,
        parents=_parents(request.user),
        initial={"parent": parent.pk if parent else None},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data["parent"] is not None and not access.can_write_at(request.user, data["parent"]):
            return refuse(request, data["parent"])
        try:
            organisation = services.organisation_create(**data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Organisation added: {organisation.name}")
            return redirect(organisation)
    return form_page(
        request,
        form,
        title=f"Add a division of {parent.name}" if parent else "Add an organisation",
        submit="Save organisation",
        cancel=parent.get_absolute_url() if parent else reverse("organisation_list"),
        crumbs=crumbs_of(parent) if parent else [(reverse("organisation_list"), "Organisations")],
    )


@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = organisation_or_404(request, pk)
    if not access.can_write_at(request.user, organisation):
        return refuse(request, organisation)
    initial = {name: getattr(organisation, name) for name in FIELDS if name != "communities"}
    initial["communities"] = list(organisation.communities.all())
    form = OrganisationForm(
        request.POST or None,
        parents=_parents(request.user).exclude(pk=organisation.pk),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        if data.get("parent") and not access.can_write_at(request.user, data["parent"]):
            return refuse(request, data["parent"])
        try:
            services.organisation_update(organisation=organisation, **data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Saved {organisation.name}.")
            return redirect(organisation)
    return form_page(
        request,
        form,
        title=f"Edit {organisation.name}",
        submit="Save organisation",
        cancel=organisation.get_absolute_url(),
        crumbs=crumbs_of(organisation),
        danger={
            "heading": "Delete this organisation",
            "text": "Only an organisation nothing refers to can be deleted: no contacts, "
            "divisions, interactions, commitments, issues or interventions.",
            "action": reverse("organisation_delete", args=[organisation.pk]),
            "button": "Delete organisation",
        },
    )


@require_POST
def organisation_delete(request, pk):
    organisation = organisation_or_404(request, pk)
    if not access.can_write_at(request.user, organisation):
        return refuse(request, organisation)
    account = Account.objects.filter(organisation=organisation).first()
    if account is not None and not access.may_manage_account(request.user, account):
        return refuse(
            request,
            organisation,
            "This organisation holds an account: only administrators and the account's "
            "manager may delete it.",
        )
    back = organisation.parent.get_absolute_url() if organisation.parent_id else None
    try:
        services.organisation_delete(organisation=organisation)
    except ProtectedError:
        messages.error(
            request,
            f"{organisation.name} was not deleted: other records still refer to it "
            "(contacts, divisions, interactions…). Move or remove them first.",
        )
        return redirect("organisation_edit", pk=organisation.pk)
    messages.success(request, f"Deleted {organisation.name}.")
    return redirect(back or reverse("organisation_list"))
