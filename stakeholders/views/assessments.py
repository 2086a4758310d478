"""An account's assessments: the TOTAL ratings by us and by them, listed and recorded."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import add_validation_errors
from core.paging import page_of
from stakeholders import access, services
from stakeholders.forms import AssessmentForm
from stakeholders.models import Account, Assessment, Contact
from stakeholders.views.common import crumbs_of, organisation_or_404, refuse

ASSESSMENTS_PAGE = 25


@require_http_methods(["GET", "POST"])
def assessment_list(request, pk):
    """Assessments of the account of top-level organisation `pk`; the form to record one."""
    organisation = organisation_or_404(request, pk)
    if organisation.parent_id is not None:
        return redirect("assessment_list", pk=organisation.root_id)
    account = Account.objects.visible_to(request.user).filter(organisation=organisation).first()
    if account is None:
        if access.is_behind_fence(request.user, organisation):
            return refuse(request, organisation)
        return render(
            request,
            "stakeholders/assessment_list.html",
            {"organisation": organisation, "account": None, "crumbs": crumbs_of(organisation)},
            status=404,
        )
    contacts = Contact.objects.visible_to(request.user).filter(
        organisation__root_id=organisation.pk
    )
    may_write = access.can_write_at(request.user, organisation)
    form = AssessmentForm(
        request.POST or None, contacts=contacts, initial={"side": Assessment.Side.OURS}
    )
    if request.method == "POST":
        if not may_write:
            return refuse(request, organisation)
        if form.is_valid():
            data = dict(form.cleaned_data)
            if data["side"] == Assessment.Side.OURS:
                data["assessed_by"] = request.user
            try:
                services.assessment_record(account=account, **data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, "Assessment recorded.")
                return redirect("assessment_list", pk=organisation.pk)
    assessments = page_of(
        Assessment.objects.visible_to(request.user)
        .filter(account=account)
        .select_related("respondent", "assessed_by"),
        request,
        per_page=ASSESSMENTS_PAGE,
    )
    return render(
        request,
        "stakeholders/assessment_list.html",
        {
            "organisation": organisation,
            "account": account,
            "assessments": assessments,
            "form": form if may_write else None,
            "crumbs": crumbs_of(organisation),
        },
        status=400 if form.is_bound else 200,
    )
