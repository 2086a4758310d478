"""Checks every interventions service shares: the picket fence, participants, frozen fields."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError

from stakeholders import access
from stakeholders.models import Contact, Organisation, Seniority, Tier


def require_write(user, organisation: Organisation | None) -> None:
    if not access.can_write_at(user, organisation):
        raise PermissionDenied(access.fence_refusal_message(organisation))


def default_tier(contacts: Sequence[Contact]) -> str:
    """The tier of the most senior participants: executive when any of theirs is an executive."""
    if any(c.seniority == Seniority.EXECUTIVE for c in contacts):
        return Tier.EXECUTIVE
    return Tier.OPERATIONAL


def check_contacts_belong(contacts: Sequence[Contact], organisation: Organisation) -> None:
    root_id = organisation.root_id or organisation.pk
    for contact in contacts:
        if contact.is_deleted:
            raise ValidationError({"contacts": f"{contact} has been deleted."})
        org = contact.organisation
        if org is None or (org.root_id or org.pk) != root_id:
            raise ValidationError(
                {"contacts": f"{contact} does not belong to {organisation} or its divisions."}
            )


def refuse_changes(instance, fields: dict, names, message: str) -> None:
    """A validation error for each field in `names` that `fields` would change on `instance`."""
    errors = {}
    for name in names:
        if name not in fields:
            continue
        new, old = fields[name], getattr(instance, name)
        if hasattr(old, "all"):
            changed = {o.pk for o in new} != {o.pk for o in old.all()}
        else:
            changed = new != old
        if changed:
            errors[name] = message
    if errors:
        raise ValidationError(errors)
