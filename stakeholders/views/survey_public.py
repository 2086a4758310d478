"""The public survey page: a contact answers through their personal link, without an account.

Every way a link can fail (unknown, used, expired) gets the same page and status, so the page
says nothing about which links exist. The page needs no JavaScript and loads no script.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.views.decorators.http import require_http_methods

from core.forms import add_validation_errors
from core.public import public_page, too_many
from stakeholders.models import AssessmentRequest
from stakeholders.services.surveys import assessment_request_answer
from stakeholders.survey_forms import SurveyForm
from trust.public_throttle import public_retry_after


@login_not_required
@require_http_methods(["GET", "POST"])
def survey(request, token):
    retry_after = public_retry_after(request, "survey")
    if retry_after:
        return too_many(request, retry_after)
    survey_request = (
        AssessmentRequest.objects.open()
        .by_token(token)
        .select_related("contact", "account__organisation")
        .first()
    )
    if survey_request is None:
        return public_page(request, "stakeholders/survey_gone.html", status=404)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            assessment_request_answer(request=survey_request, **form.answers())
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return public_page(request, "stakeholders/survey_thanks.html")
    return public_page(
        request,
        "stakeholders/survey.html",
        {"form": form, "survey_request": survey_request},
        status=400 if form.is_bound else 200,
    )
