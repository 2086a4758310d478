"""The public complaints channel: anyone reports a problem without an account and follows it
through a private link. No page says whether an organisation, contact or e-mail is known:
what the reporter writes is stored as given and answered the same way."""

from django.contrib.auth.decorators import login_not_required
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.public import public_page, too_many
from interventions.feedback_forms import FeedbackForm
from interventions.models import Issue
from interventions.services.feedback import feedback_submit, issue_for_followup
from trust.public_throttle import public_retry_after


@login_not_required
@require_http_methods(["GET", "POST"])
def feedback(request):
    retry_after = public_retry_after(request, "feedback")
    if retry_after:
        return too_many(request, retry_after)
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        issue, secret = feedback_submit(**form.report())
        return public_page(
            request,
            "interventions/feedback_received.html",
            {
                "issue": issue,
                "followup_url": request.build_absolute_uri(
                    reverse("feedback_case", args=[issue.reference, secret])
                ),
            },
            status=201,
        )
    return public_page(
        request, "interventions/feedback.html", {"form": form}, status=400 if form.is_bound else 200
    )


def status_of(issue: Issue) -> str:
    if issue.resolved_at is not None:
        return "Resolved"
    if issue.triaged_at is not None or issue.acknowledged_at is not None:
        return "Being handled"
    return "Received"


@login_not_required
@require_GET
def feedback_case(request, reference, secret):
    """The reporter's private page: the status and our public replies, never internal notes."""
    retry_after = public_retry_after(request, "feedback")
    if retry_after:
        return too_many(request, retry_after)
    issue = issue_for_followup(reference, secret)
    if issue is None:
        return public_page(request, "interventions/feedback_gone.html", status=404)
    return public_page(
        request,
        "interventions/feedback_case.html",
        {
            "issue": issue,
            "status": status_of(issue),
            "replies": issue.replies.filter(public=True).order_by("created_at", "id"),
        },
    )
