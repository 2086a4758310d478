"""Contacts: the directory, and adding, changing and archiving one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_validation_errors
from core.paging import page_of
from stakeholders import access, services
from stakeholders.forms import ContactFilterForm, ContactForm
from stakeholders.models import Contact, Organisation
from stakeholders.views.common import crumbs_of, form_page, organisation_or_404, refuse

CONTACTS_PAGE = 50
FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "job_title",
    "organisation",
    "seniority",
    "influence",
    "consent_marketing",
    "notes",
]


@require_GET
def contact_list(request):
    """Everyone on the stakeholders' side the user may see, found by name without knowing
    their organisation."""
    filters = ContactFilterForm(request.GET or None)
    contacts = filters.filter(
        Contact.objects.visible_to(request.user).select_related("organisation")
    )
    page = page_of(contacts, request, per_page=CONTACTS_PAGE)
    template = "stakeholders/contact_list.html"
    if request.htmx:
        template += "#rows"
    return render(request, template, {"filters": filters, "page": page})


def _writable_organisations(user):
    return Organisation.objects.visible_to(user).exclude(
        root_id__in=access.roots_closed_to_writes(user)
    )


def _contact_or_404(request, pk) -> Contact:
    return access.get_visible_or_404(
        Contact.objects.select_related("organisation"), request.user, pk=pk
    )


@require_http_methods(["GET", "POST"])
def contact_new(request):
    organisation = None
    if request.GET.get("organisation", "").isdigit():
        organisation = organisation_or_404(request, request.GET["organisation"])
        if not access.can_write_at(request.user, organisation):
            return refuse(request, organisation)
    form = ContactForm(
        request.POST or None,
        organisations=_writable_organisations(request.user),
        initial={"organisation": organisation.pk if organisation else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(**form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Contact added: {contact.full_name}")
            return redirect(contact)
    return form_page(
        request,
        form,
        title=f"Add a contact at {organisation.name}" if organisation else "Add a contact",
        submit="Save contact",
        cancel=organisation.get_absolute_url() if organisation else reverse("contact_list"),
        crumbs=crumbs_of(organisation) if organisation else [(reverse("contact_list"), "Contacts")],
    )


@require_http_methods(["GET", "POST"])
def contact_edit(request, pk):
    contact = _contact_or_404(request, pk)
    if not access.can_write_at(request.user, contact.organisation):
        return refuse(request, contact.organisation)
    form = ContactForm(
        request.POST or None,
        organisations=_writable_organisations(request.user),
        initial={name: getattr(contact, name) for name in FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        try:
            services.contact_update(contact=contact, **data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Saved {contact.full_name}.")
            return redirect(contact)
    crumbs = crumbs_of(contact.organisation) if contact.organisation_id else []
    return form_page(
        request,
        form,
        title=f"Edit {contact.full_name}",
        submit="Save contact",
        cancel=contact.get_absolute_url(),
        crumbs=[*crumbs, (contact.get_absolute_url(), contact.full_name)],
        danger={
            "heading": "Archive this contact",
            "text": "They leave the lists and everyone's synced address books; their "
            "interactions and history stay.",
            "action": reverse("contact_archive", args=[contact.pk]),
            "button": "Archive contact",
        },
    )


@require_POST
def contact_archive(request, pk):
    contact = _contact_or_404(request, pk)
    if not access.can_write_at(request.user, contact.organisation):
        return refuse(request, contact.organisation)
    services.contact_delete(contact=contact)
    messages.success(request, f"Archived {contact.full_name}.")
    if contact.organisation_id:
        return redirect(contact.organisation)
    return redirect("contact_list")
