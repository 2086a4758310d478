"""Survey mails to contacts, sent by the worker (`manage.py worker`), never inside a request."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from stakeholders import survey_links
from stakeholders.models import AssessmentRequest

log = logging.getLogger(__name__)


def survey_message(request: AssessmentRequest, *, reminder: bool) -> EmailMultiAlternatives:
    organisation_name = settings.RELMAP_ORGANISATION_NAME
    context = {
        "request": request,
        "contact": request.contact,
        "organisation_name": organisation_name,
        "survey_url": survey_links.survey_url(request.nonce),
        "reminder": reminder,
    }
    subject = f"{organisation_name}: how is our relationship going?"
    mail = EmailMultiAlternatives(
        subject=f"Reminder: {subject}" if reminder else subject,
        body=render_to_string("stakeholders/email/survey.txt", context),
        to=[request.contact.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    mail.attach_alternative(
        render_to_string("stakeholders/email/survey.html", context), "text/html"
    )
    return mail


@task()
def send_survey_mails(ids: list[int], reminder: bool = False) -> int:
    """Send the survey link of each request still open; returns how many were sent. A first
    mail the server refused is logged and leaves `sent_at` empty."""
    sent = 0
    now = timezone.now()
    pending = (
        AssessmentRequest.objects.open(now)
        .filter(pk__in=ids, contact__deleted_at__isnull=True)
        .exclude(contact__email="")
        .select_related("contact")
    )
    for request in pending:
        try:
            survey_message(request, reminder=reminder).send()
        except (OSError, smtplib.SMTPException):
            log.exception("Could not send survey request %s by e-mail", request.pk)
            continue
        if not reminder:
            AssessmentRequest.objects.filter(pk=request.pk).update(sent_at=now)
        sent += 1
    return sent
