"""Issues: complaints recorded, escalated (and taken back), resolved."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.writes import validated_save
from interventions.models import Issue
from interventions.services.checks import check_contacts_belong, require_write
from stakeholders.models import Contact, Organisation


@transaction.atomic
def issue_record(
    *,
    recorded_by,
    organisation: Organisation,
    category: str,
    summary: str,
    severity: str = Issue.Severity.MEDIUM,
    contact: Contact | None = None,
    description: str = "",
    opened_at: datetime | None = None,
    escalated: bool = False,
    owner=None,
    resolved_at: datetime | None = None,
    resolution: str = "",
    channel: str = Issue.Channel.STAFF,
) -> Issue:
    """Record a complaint; one recorded with `resolved_at` is resolved at once."""
    require_write(recorded_by, organisation)
    if contact is not None:
        check_contacts_belong([contact], organisation)
    opened_at = opened_at or timezone.now()
    issue = Issue(
        organisation=organisation,
        contact=contact,
        category=category,
        severity=severity,
        summary=summary,
        description=description,
        opened_at=opened_at,
        escalated=escalated,
        escalated_at=opened_at if escalated else None,
        owner=owner or recorded_by,
        channel=channel,
    )
    issue.full_clean()
    issue.save()
    if resolved_at is not None:
        issue = issue_resolve(
            issue=issue, resolved_by=recorded_by, resolution=resolution, resolved_at=resolved_at
        )
    return issue


@transaction.atomic
def issue_update(*, issue: Issue, updated_by, **fields) -> Issue:
    """Change an issue. Escalating, un-escalating and resolving go through their own services,
    so each keeps its time stamp."""
    require_write(updated_by, issue.organisation)
    escalated = fields.pop("escalated", issue.escalated)
    resolve = issue.resolved_at is None and fields.get("resolved_at") is not None
    if resolve:
        resolved_at = fields.pop("resolved_at")
        resolution = fields.pop("resolution", issue.resolution)
    if escalated != issue.escalated and not escalated:
        issue = issue_unescalate(issue=issue, unescalated_by=updated_by)
    if fields:
        validated_save(issue, **fields)
    if escalated and not issue.escalated:
        issue = issue_escalate(issue=issue, escalated_by=updated_by)
    if resolve:
        issue = issue_resolve(
            issue=issue, resolved_by=updated_by, resolution=resolution, resolved_at=resolved_at
        )
    return issue


@transaction.atomic
def issue_delete(*, issue: Issue, deleted_by) -> None:
    require_write(deleted_by, issue.organisation)
    issue.delete()


@transaction.atomic
def issue_unescalate(*, issue: Issue, unescalated_by) -> Issue:
    """Take an escalation back (it was a mistake): the issue is as if never escalated."""
    require_write(unescalated_by, issue.organisation)
    if issue.escalated:
        issue.escalated = False
        issue.escalated_at = None
        issue.updated_at = timezone.now()
        issue.save(update_fields=["escalated", "escalated_at", "updated_at"])
    return issue


@transaction.atomic
def issue_escalate(*, issue: Issue, escalated_by) -> Issue:
    require_write(escalated_by, issue.organisation)
    if not issue.escalated:
        issue.escalated = True
        issue.escalated_at = timezone.now()
        issue.updated_at = timezone.now()
        issue.save(update_fields=["escalated", "escalated_at", "updated_at"])
    return issue


@transaction.atomic
def issue_resolve(
    *, issue: Issue, resolved_by, resolution: str = "", resolved_at: datetime | None = None
) -> Issue:
    require_write(resolved_by, issue.organisation)
    if issue.resolved_at is not None:
        raise ValidationError("This issue is already resolved.")
    issue.resolved_at = resolved_at or timezone.now()
    issue.resolution = resolution
    issue.updated_at = timezone.now()
    issue.full_clean()
    issue.save()
    return issue
