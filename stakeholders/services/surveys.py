"""Asking them: survey requests to contacts, their answers, and the one reminder.

A request creates its assessment (side theirs, `requested_at` set, no scores) at once, so the
response rate counts every request; the answer fills that assessment in. Mails go out from
the worker (stakeholders/tasks.py) once the request is committed.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind
from notifications.services import notify
from stakeholders import survey_links
from stakeholders.models import Account, Assessment, AssessmentRequest, Contact, Seniority
from stakeholders.tasks import send_survey_mails

ANSWER_FIELDS = (*Assessment.SCORE_FIELDS, "stage", "nps", "comment")


def with_open_requests(contacts: QuerySet, *, now=None) -> QuerySet:
    """`contacts` with their organisation and `open_survey_requests` (how many links of theirs
    still work), for `why_not_askable`."""
    now = now or timezone.now()
    return contacts.select_related("organisation").annotate(
        open_survey_requests=Count(
            "survey_requests",
            filter=Q(
                survey_requests__answered_at__isnull=True, survey_requests__expires_at__gt=now
            ),
        )
    )


def why_not_askable(contact: Contact, account: Account | None) -> str:
    """Why `contact` cannot be asked now ("" when they can). `contact` comes from
    `with_open_requests`."""
    if contact.deleted_at is not None:
        return "The contact has been deleted."
    if not contact.email:
        return "No e-mail address to send the survey to."
    if account is None:
        return "Their organisation has no account with us to rate."
    if getattr(contact, "open_survey_requests", 0):
        return "Already asked; the link still works."
    return ""


def accounts_by_root(contacts) -> dict[int, Account]:
    roots = {c.organisation.root_id or c.organisation_id for c in contacts if c.organisation_id}
    return {
        a.organisation_id: a
        for a in Account.objects.filter(organisation_id__in=roots).select_related("manager")
    }


def account_of(contact: Contact, accounts: dict[int, Account]) -> Account | None:
    if contact.organisation_id is None:
        return None
    return accounts.get(contact.organisation.root_id or contact.organisation_id)


@transaction.atomic
def assessment_request_create(
    *, contact: Contact, requested_by, now=None, account: Account | None = None
) -> AssessmentRequest:
    """Ask `contact` for a TOTAL assessment of their organisation's account; the mail with the
    personal link leaves once this commits."""
    now = now or timezone.now()
    contact = with_open_requests(Contact.objects.filter(pk=contact.pk)).get()
    account = account or account_of(contact, accounts_by_root([contact]))
    reason = why_not_askable(contact, account)
    if reason:
        raise ValidationError({"contact": reason})
    assessment = Assessment.objects.create(
        account=account, side=Assessment.Side.THEIRS, respondent=contact, requested_at=now
    )
    nonce = survey_links.new_nonce()
    request = AssessmentRequest.objects.create(
        contact=contact,
        account=account,
        assessment=assessment,
        requested_by=requested_by,
        nonce=nonce,
        token_hash=survey_links.token_hash(survey_links.token_for(nonce)),
        expires_at=now + timedelta(days=settings.RELMAP_SURVEY_EXPIRY_DAYS),
        created_at=now,
        updated_at=now,
    )
    transaction.on_commit(lambda: send_survey_mails.enqueue([request.pk]))
    return request


@dataclass
class BulkPreview:
    """Who a bulk request would ask, and who it skips and why."""

    asked: list[tuple[Contact, Account]] = field(default_factory=list)
    skipped: list[tuple[Contact, str]] = field(default_factory=list)


def bulk_candidates(contacts: QuerySet, *, may_ask, now=None) -> BulkPreview:
    """The executive contacts in `contacts`, split into those to ask and those skipped.
    `may_ask(organisation)` says whether the asker may write at that organisation."""
    found = list(
        with_open_requests(
            contacts.filter(seniority=Seniority.EXECUTIVE, deleted_at__isnull=True), now=now
        ).order_by("organisation__name", "last_name", "first_name", "id")
    )
    accounts = accounts_by_root(found)
    preview = BulkPreview()
    for contact in found:
        account = account_of(contact, accounts)
        reason = why_not_askable(contact, account)
        if not reason and not may_ask(contact.organisation):
            reason = "You may not write at this account."
        if reason:
            preview.skipped.append((contact, reason))
        else:
            preview.asked.append((contact, account))
    return preview


@transaction.atomic
def assessment_requests_create_many(
    *, preview: BulkPreview, requested_by, now=None
) -> list[AssessmentRequest]:
    return [
        assessment_request_create(
            contact=contact, account=account, requested_by=requested_by, now=now
        )
        for contact, account in preview.asked
    ]


@transaction.atomic
def assessment_request_answer(*, request: AssessmentRequest, now=None, **answers) -> Assessment:
    """Record the contact's answers on the request's assessment and close the link; the
    account's manager and whoever asked are told. A link answered or expired meanwhile is a
    ValidationError and nothing is stored."""
    now = now or timezone.now()
    locked = (
        AssessmentRequest.objects.select_for_update()
        .filter(pk=request.pk, answered_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if locked is None:
        raise ValidationError("This survey link has already been used or has expired.")
    assessment = Assessment.objects.get(pk=locked.assessment_id)
    for name in ANSWER_FIELDS:
        setattr(assessment, name, answers.get(name))
    assessment.stage = assessment.stage or ""
    assessment.comment = assessment.comment or ""
    assessment.assessed_at = now
    assessment.updated_at = now
    assessment.full_clean()
    assessment.save()
    locked.answered_at = now
    locked.updated_at = now
    locked.save(update_fields=["answered_at", "updated_at"])
    account = Account.objects.select_related("manager", "organisation").get(pk=locked.account_id)
    contact = locked.contact
    notify(
        [account.manager, locked.requested_by],
        kind=Kind.SURVEY_ANSWERED,
        message=f"{contact.full_name} of {account.organisation.name} answered the survey.",
        url=reverse("assessment_list", args=[account.organisation_id]),
        root=account.organisation_id,
        key=f"survey-answered:{locked.pk}",
    )
    return assessment


def due_for_reminder(*, now=None) -> QuerySet:
    """Open requests sent at least RELMAP_SURVEY_REMINDER_DAYS ago and not yet reminded."""
    now = now or timezone.now()
    return AssessmentRequest.objects.open(now).filter(
        reminded_at__isnull=True,
        sent_at__isnull=False,
        created_at__lte=now - timedelta(days=settings.RELMAP_SURVEY_REMINDER_DAYS),
    )


@transaction.atomic
def assessment_requests_remind(*, now=None) -> int:
    """Claim every request due for its one reminder and have the worker send them; returns
    how many. A request is claimed once, however often this runs."""
    now = now or timezone.now()
    ids = list(
        due_for_reminder(now=now).select_for_update(skip_locked=True).values_list("pk", flat=True)
    )
    if ids:
        AssessmentRequest.objects.filter(pk__in=ids).update(reminded_at=now, updated_at=now)
        transaction.on_commit(lambda: send_survey_mails.enqueue(ids, reminder=True))
    return len(ids)
