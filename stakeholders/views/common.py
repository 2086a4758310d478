"""What the stakeholders' pages share: the 403 page of the picket fence, the form page."""

from django.shortcuts import get_object_or_404, render

from stakeholders import access
from stakeholders.models import Organisation


def refuse(request, organisation=None, message: str = ""):
    """The 403 page: says why, and who to ask when a picket fence is the reason."""
    return render(
        request,
        "refused.html",
        {
            "organisation": organisation,
            "message": message
            or access.fence_refusal_message(organisation)
            or "You may not change this.",
        },
        status=403,
    )


def form_page(request, form, *, title: str, submit: str, cancel: str, crumbs=(), **context):
    """A page with one form (templates/stakeholders/form.html); 400 when a sent form failed."""
    return render(
        request,
        "stakeholders/form.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "cancel": cancel,
            "crumbs": crumbs,
            **context,
        },
        status=400 if form.is_bound else 200,
    )


def organisation_or_404(request, pk) -> Organisation:
    return get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related("parent", "root"), pk=pk
    )


def crumbs_of(organisation) -> list[tuple[str, str]]:
    """Links to the organisation and its parents, top first."""
    chain = [*reversed(organisation.ancestors()), organisation]
    return [(o.get_absolute_url(), o.name) for o in chain]
