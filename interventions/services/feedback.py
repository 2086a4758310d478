"""The public complaints channel: a report from anyone becomes an issue waiting in the triage
queue; our people place it (organisation, contact, category, severity), reply publicly or
note privately. The reporter follows it through a private link.

The follow-up link's secret is shown once, to the reporter; only its SHA-256 is stored.
"""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from interventions.models import Issue, IssueReply
from interventions.services.checks import check_contacts_belong, require_write
from stakeholders.models import Contact, Organisation

# No 0/O, 1/I/L or U: a reference read out over the phone is not misheard.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
SUMMARY_LENGTH = 120


def new_reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"FB-{code[:4]}-{code[4:]}"


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def _summary(text: str) -> str:
    first_line = text.strip().splitlines()[0].strip() if text.strip() else ""
    return (
        first_line if len(first_line) <= SUMMARY_LENGTH else first_line[: SUMMARY_LENGTH - 1] + "…"
    )


def feedback_submit(
    *,
    category: str,
    description: str,
    organisation_name: str = "",
    name: str = "",
    email: str = "",
) -> tuple[Issue, str]:
    """Store a public report as an issue to triage; returns it and the follow-up secret (to
    show the reporter once). What they say about themselves is stored as given and matched to
    nothing here, so the answer is the same whoever they claim to be."""
    secret = secrets.token_urlsafe(32)
    for _ in range(5):
        try:
            with transaction.atomic():
                issue = Issue(
                    organisation=None,
                    channel=Issue.Channel.PUBLIC,
                    category=category,
                    summary=_summary(description),
                    description=description,
                    reference=new_reference(),
                    followup_hash=secret_hash(secret),
                    reporter_name=name,
                    reporter_email=email,
                    reporter_organisation=organisation_name,
                )
                issue.full_clean(validate_unique=False)
                issue.save()
                return issue, secret
        except IntegrityError:  # the one-in-a-trillion reference taken already: draw again
            continue
    raise RuntimeError("Could not draw a free case reference.")


def issue_for_followup(reference: str, secret: str) -> Issue | None:
    """The public issue with this reference if `secret` is its follow-up secret."""
    if not reference or not secret or len(reference) > 20 or len(secret) > 100:
        return None
    issue = Issue.objects.filter(channel=Issue.Channel.PUBLIC, reference=reference).first()
    if issue is None or not constant_time_compare(issue.followup_hash, secret_hash(secret)):
        return None
    return issue


@transaction.atomic
def issue_triage(
    *,
    issue: Issue,
    triaged_by,
    organisation: Organisation,
    category: str,
    severity: str,
    contact: Contact | None = None,
) -> Issue:
    """Place a reported issue: the organisation (and contact) it concerns, its category and
    severity. It may be placed again later, by someone who may write at both organisations."""
    require_write(triaged_by, issue.organisation)
    require_write(triaged_by, organisation)
    if contact is not None:
        check_contacts_belong([contact], organisation)
    now = timezone.now()
    issue.organisation = organisation
    issue.contact = contact
    issue.category = category
    issue.severity = severity
    issue.triaged_at = issue.triaged_at or now
    issue.owner = issue.owner or triaged_by
    issue.updated_at = now
    issue.full_clean(validate_unique=False)
    issue.save()
    return issue


@transaction.atomic
def issue_reply(*, issue: Issue, author, body: str, public: bool) -> IssueReply:
    """A public reply (the reporter sees it; the first one acknowledges the issue) or an
    internal note (nobody outside sees it)."""
    require_write(author, issue.organisation)
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write something first."})
    reply = IssueReply(issue=issue, author=author, body=body, public=public)
    reply.full_clean()
    reply.save()
    if public and issue.acknowledged_at is None:
        issue.acknowledged_at = reply.created_at
        issue.updated_at = reply.created_at
        issue.save(update_fields=["acknowledged_at", "updated_at"])
    return reply
