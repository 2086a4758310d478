"""Relationships between our people and a contact: adding one, changing its owner, tier or
purpose, and ending it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_validation_errors
from core.people import person_name
from stakeholders import access, services
from stakeholders.forms import RelationshipForm
from stakeholders.models import Contact, Relationship
from stakeholders.views.common import crumbs_of, form_page, refuse


def _crumbs(contact):
    crumbs = crumbs_of(contact.organisation) if contact.organisation_id else []
    return [*crumbs, (contact.get_absolute_url(), contact.full_name)]


@require_http_methods(["GET", "POST"])
def relationship_new(request, pk):
    contact = access.get_visible_or_404(
        Contact.objects.select_related("organisation"), request.user, pk=pk
    )
    if not access.can_write_at(request.user, contact.organisation):
        return refuse(request, contact.organisation)
    form = RelationshipForm(
        request.POST or None, initial={"staff": request.user, "tier": "operational"}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["owner"] = data["owner"] or data["staff"]
        if Relationship.objects.filter(staff=data["staff"], contact=contact).exists():
            form.add_error("staff", f"{person_name(data['staff'])} already relates to them.")
        else:
            try:
                services.relationship_create(contact=contact, **data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(
                    request,
                    f"{person_name(data['staff'])} now relates to {contact.full_name}.",
                )
                return redirect(contact)
    return form_page(
        request,
        form,
        title=f"Relate one of our people to {contact.full_name}",
        submit="Save relationship",
        cancel=contact.get_absolute_url(),
        crumbs=_crumbs(contact),
    )


def _relationship_or_404(request, pk) -> Relationship:
    return access.get_visible_or_404(
        Relationship.objects.select_related("staff", "owner", "contact__organisation"),
        request.user,
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def relationship_edit(request, pk):
    relationship = _relationship_or_404(request, pk)
    contact = relationship.contact
    if not access.can_write_at(request.user, contact.organisation):
        return refuse(request, contact.organisation)
    form = RelationshipForm(
        request.POST or None,
        editing=True,
        initial={
            "staff": relationship.staff,
            "tier": relationship.tier,
            "owner": relationship.owner,
            "purpose": relationship.purpose,
            "cadence_days": relationship.cadence_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        if "owner" in data and not access.may_hand_over(
            request.user, relationship, data["owner"], contact.organisation
        ):
            form.add_error(
                "owner",
                "Only the current owner, the account's manager and administrators may hand "
                "it over.",
            )
        else:
            try:
                services.relationship_update(relationship=relationship, **data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, "Saved the relationship.")
                return redirect(contact)
    return form_page(
        request,
        form,
        title=f"{person_name(relationship.staff)} and {contact.full_name}",
        submit="Save relationship",
        cancel=contact.get_absolute_url(),
        crumbs=_crumbs(contact),
    )


@require_POST
def relationship_end(request, pk):
    relationship = _relationship_or_404(request, pk)
    contact = relationship.contact
    if not access.can_write_at(request.user, contact.organisation):
        return refuse(request, contact.organisation)
    services.relationship_update(relationship=relationship, status=Relationship.Status.ENDED)
    messages.success(
        request,
        f"Ended the relationship of {person_name(relationship.staff)} with {contact.full_name}.",
    )
    return redirect(contact)
