"""The capture pages: upload mail and calendar files, keep private addresses out, and turn
suggested addresses into contacts (whose captured mail then becomes interactions)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from capture.forms import CaptureForm, ExclusionForm, SuggestionForm
from capture.matching import Directory
from capture.models import CapturedItem, Exclusion, UnknownAddress
from capture.reading import Unreadable, kind_of_stream
from capture.services import Outcome, capture_file, recapture_address
from capture.suggestions import suggested_addresses, suggestions
from core.paging import page_by_number
from interventions.services import interactions_remove
from stakeholders import access, services

SUGGESTIONS_PAGE = 25


def _page(request, form, *, outcome=None, exclusion_form=None, status=200):
    context = {
        "form": form,
        "outcome": outcome,
        "exclusion_form": exclusion_form or ExclusionForm(),
        "exclusions": Exclusion.objects.filter(user=request.user),
    }
    return render(request, "capture/capture.html", context, status=status)


@require_http_methods(["GET", "POST"])
def capture_page(request):
    if request.method == "GET":
        return _page(request, CaptureForm())
    form = CaptureForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    uploads = form.cleaned_data["files"]
    for upload in uploads:  # every file checked before any is captured
        try:
            kind_of_stream(upload, upload.name)
        except Unreadable as error:
            form.add_error("files", str(error))
    if form.errors:
        return _page(request, form, status=400)
    outcome = Outcome()
    directory = Directory()
    restrict = not access.sees_everything(request.user)
    for upload in uploads:
        outcome.add(
            capture_file(
                upload, upload.name, by=request.user, directory=directory, restrict=restrict
            )
        )
    return _page(request, CaptureForm(), outcome=outcome)


@require_POST
def exclusion_add(request):
    form = ExclusionForm(request.POST)
    if not form.is_valid():
        return _page(request, CaptureForm(), exclusion_form=form, status=400)
    pattern = form.cleaned_data["pattern"]
    Exclusion.objects.get_or_create(user=request.user, pattern=pattern)
    removed = _forget_private(request.user, pattern)
    note = f" {removed} captured item(s) with it removed." if removed else ""
    messages.success(request, f"{pattern} is kept out of capture.{note}")
    return redirect("capture")


def _forget_private(user, pattern: str) -> int:
    """Items already captured with `user` and the now private `pattern` go, with what they
    became: capture forgets what it should never have kept."""
    probe = Exclusion(user=user, pattern=pattern)
    items = [
        item
        for item in CapturedItem.objects.filter(staff=user).prefetch_related("interactions")
        if any(probe.matches(a) for a in item.addresses)
    ]
    with transaction.atomic():
        interactions_remove([i for item in items for i in item.interactions.all()])
        CapturedItem.objects.filter(pk__in=[item.pk for item in items]).delete()
    return len(items)


@require_POST
def exclusion_delete(request, pk):
    exclusion = get_object_or_404(Exclusion, pk=pk, user=request.user)
    exclusion.delete()
    messages.success(request, f"{exclusion.pattern} is captured again from now on.")
    return redirect("capture")


def suggestion_list(request):
    return _suggestions_page(request)


def _suggestions_page(request, status=200):
    page = page_by_number(suggested_addresses(request.user), request, per_page=SUGGESTIONS_PAGE)
    page.rows = suggestions(page.rows)
    return render(request, "capture/suggestions.html", {"page": page}, status=status)


def _suggested_or_404(request) -> str:
    """The posted address, if it is one of the user's suggestions (else there is nothing for
    them there: 404)."""
    address = request.POST.get("address", "")
    if not address or not suggested_addresses(request.user).filter(address=address).exists():
        raise Http404("No such suggestion.")
    return address


@require_POST
def suggestion_add(request):
    address = _suggested_or_404(request)
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That suggestion could not be added: " + _errors(form))
        return _suggestions_page(request, status=400)
    organisation = form.cleaned_data["organisation"]
    if not access.can_write_at(request.user, organisation):
        raise PermissionDenied(access.fence_refusal_message(organisation))
    with transaction.atomic():
        contact = services.contact_create(
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=address,
            organisation=organisation,
        )
        recapture_address(address)
    messages.success(
        request,
        f"{contact.full_name} added at {organisation.name}; the messages with them are "
        "captured as interactions.",
    )
    return redirect("capture_suggestions")


@require_POST
def suggestion_dismiss(request):
    address = _suggested_or_404(request)
    visible = CapturedItem.objects.visible_to(request.user).values("pk")
    UnknownAddress.objects.filter(address=address, item__in=visible).delete()
    messages.success(request, f"{address} is no longer suggested.")
    return redirect("capture_suggestions")


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors) or "it is gone."
