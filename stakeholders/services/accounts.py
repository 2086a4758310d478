"""Accounts with their fence and team, and the assessments of them."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.writes import validated_save
from stakeholders.models import (
    Account,
    Assessment,
    Contact,
    Organisation,
)

User = get_user_model()


@transaction.atomic
def account_upsert(
    *, organisation: Organisation, team: Iterable | None = None, **fields
) -> Account:
    if organisation.parent_id is not None:
        raise ValidationError({"organisation": "Accounts are held with top-level organisations."})
    account, _ = Account.objects.get_or_create(organisation=organisation)
    for name, value in fields.items():
        setattr(account, name, value)
    account.full_clean()
    account.updated_at = timezone.now()
    account.save()
    if team is not None:
        account.team.set(team)
    return account


@transaction.atomic
def account_delete(*, account: Account) -> None:
    account.delete()


def _check_respondent(account: Account | None, respondent: Contact | None) -> None:
    """Their side's answer comes from one of the account's own contacts."""
    if respondent is None or account is None:
        return
    org = respondent.organisation
    if org is None or (org.root_id or org.pk) != account.organisation_id:
        raise ValidationError({"respondent": "The respondent must be a contact of the account."})


@transaction.atomic
def assessment_record(*, account: Account, **fields) -> Assessment:
    _check_respondent(account, fields.get("respondent"))
    return validated_save(Assessment(), account=account, **fields)


@transaction.atomic
def assessment_update(*, assessment: Assessment, **fields) -> Assessment:
    _check_respondent(fields.get("account", assessment.account), fields.get("respondent"))
    return validated_save(assessment, **fields)


@transaction.atomic
def assessment_delete(*, assessment: Assessment) -> None:
    assessment.delete()
