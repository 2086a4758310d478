"""Writes about stakeholders: keyword-only, typed, atomic. Views, the API, admin and commands
call these; nothing else writes these models."""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.trees import would_contain_itself
from core.writes import validated_save
from stakeholders import selectors
from stakeholders import strength as strength_mod
from stakeholders.models import (
    Account,
    Assessment,
    Community,
    Contact,
    Organisation,
    Relationship,
    Role,
    StaffProfile,
    Unit,
)
from stakeholders.sync.stamps import current_stamp
from trust import audit
from trust.idempotency import idempotency_responses_withhold
from trust.models import AuditEvent

User = get_user_model()

ORGANISATION_FIELDS = frozenset(
    {
        "name",
        "parent",
        "website",
        "country",
        "is_key_account",
        "lifetime_value",
        "purchasing_ability",
        "reciprocal_potential",
        "influence",
        "complaint_power",
        "nuisance_factor",
        "notes",
        "external_id",
    }
)
CONTACT_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "email",
        "phone",
        "job_title",
        "organisation",
        "seniority",
        "influence",
        "notes",
        "consent_marketing",
        "external_id",
    }
)


def _apply(instance, fields: dict, allowed: frozenset) -> list[str]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}")
    changed = []
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _check_parent(organisation: Organisation, parent: Organisation | None) -> None:
    if would_contain_itself(organisation, parent):
        raise ValidationError({"parent": "An organisation cannot be inside its own division."})


def _root_of(parent: Organisation | None) -> Organisation | None:
    if parent is None:
        return None
    return parent.root if parent.root_id else parent


@transaction.atomic
def organisation_create(*, name: str, communities: Iterable = (), **fields) -> Organisation:
    organisation = Organisation(name=name)
    _apply(organisation, fields, ORGANISATION_FIELDS)
    _check_parent(organisation, organisation.parent)
    organisation.full_clean(exclude=["root"])
    organisation.root = _root_of(organisation.parent)
    organisation.save()
    if organisation.root_id is None:
        organisation.root = organisation
        organisation.save(update_fields=["root"])
    if communities:
        organisation.communities.set(communities)
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, communities: Iterable | None = None, **fields
) -> Organisation:
    old_parent_id = organisation.parent_id
    changed = _apply(organisation, fields, ORGANISATION_FIELDS)
    if "parent" in changed:
        _check_parent(organisation, organisation.parent)
    if changed:
        organisation.full_clean(exclude=["root"])
        organisation.version += 1
        organisation.updated_at = timezone.now()
        organisation.save()
    if organisation.parent_id != old_parent_id:
        _reroot_subtree(organisation)
    if communities is not None:
        organisation.communities.set(communities)
    return organisation


@transaction.atomic
def organisation_delete(*, organisation: Organisation) -> None:
    # `root` points at the organisation itself; clear it so only real references protect.
    Organisation.objects.filter(pk=organisation.pk).update(root=None)
    organisation.delete()


def _reroot_subtree(organisation: Organisation) -> None:
    new_root = _root_of(organisation.parent) or organisation
    level = [organisation.pk]
    while level:
        Organisation.objects.filter(pk__in=level).update(root=new_root)
        level = list(Organisation.objects.filter(parent_id__in=level).values_list("pk", flat=True))
    organisation.root = new_root


@transaction.atomic
def community_create(**fields) -> Community:
    return validated_save(Community(), **fields)


@transaction.atomic
def community_update(*, community: Community, **fields) -> Community:
    return validated_save(community, **fields)


def _check_unit_parent(unit: Unit, parent: Unit | None) -> None:
    if would_contain_itself(unit, parent):
        raise ValidationError({"parent": "A unit cannot be inside itself."})


@transaction.atomic
def unit_create(**fields) -> Unit:
    return validated_save(Unit(), **fields)


@transaction.atomic
def unit_update(*, unit: Unit, **fields) -> Unit:
    if "parent" in fields:
        _check_unit_parent(unit, fields["parent"])
    return validated_save(unit, **fields)


@transaction.atomic
def contact_create(*, first_name: str, **fields) -> Contact:
    contact = Contact(first_name=first_name)
    _apply(contact, fields, CONTACT_FIELDS)
    if contact.consent_marketing:
        contact.consent_recorded_at = timezone.now()
    contact.full_clean(validate_constraints=False)
    _check_external_id_free(contact)
    contact.sync_txid = current_stamp()
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, **fields) -> Contact:
    if contact.is_deleted:
        raise ValidationError("A deleted contact cannot be changed.")
    changed = _apply(contact, fields, CONTACT_FIELDS)
    if not changed:
        return contact
    if "consent_marketing" in changed:
        contact.consent_recorded_at = timezone.now()
    contact.full_clean(validate_constraints=False)
    if "external_id" in changed:
        _check_external_id_free(contact)
    contact.version += 1
    contact.updated_at = timezone.now()
    contact.sync_txid = current_stamp()
    contact.save()
    return contact


def _check_external_id_free(contact: Contact) -> None:
    if contact.external_id is None:
        return
    clash = Contact.objects.live().filter(external_id=contact.external_id)
    if contact.pk:
        clash = clash.exclude(pk=contact.pk)
    if clash.exists():
        raise ValidationError({"external_id": "A live contact already has this external id."})


@transaction.atomic
def contact_delete(*, contact: Contact) -> Contact:
    """Soft-delete: the row stays as a tombstone so sync clients learn of the deletion."""
    if contact.is_deleted:
        return contact
    now = timezone.now()
    contact.deleted_at = now
    contact.version += 1
    contact.updated_at = now
    contact.sync_txid = current_stamp()
    contact.save(update_fields=["deleted_at", "version", "updated_at", "sync_txid"])
    return contact


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


@transaction.atomic
def staff_create(
    *,
    username: str,
    role: str,
    unit: Unit | None = None,
    password: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    job_title: str = "",
) -> User:
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"A user named {username!r} already exists."})
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=role == "admin",
        is_superuser=role == "admin",
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    StaffProfile.objects.create(user=user, role=role, unit=unit, job_title=job_title)
    return user


@transaction.atomic
def relationship_create(*, staff, contact: Contact, **fields) -> Relationship:
    """Relate one of our people to one of their contacts; they own it unless told otherwise."""
    fields.setdefault("owner", staff)
    return validated_save(Relationship(), staff=staff, contact=contact, **fields)


@transaction.atomic
def relationship_update(*, relationship: Relationship, **fields) -> Relationship:
    return validated_save(relationship, **fields)


@transaction.atomic
def relationship_delete(*, relationship: Relationship) -> None:
    relationship.delete()


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


def _aggregates(rel: Relationship) -> strength_mod.Aggregates:
    return strength_mod.Aggregates(
        count=rel.interaction_count,
        decayed_count=rel.decayed_count,
        decayed_sentiment=rel.decayed_sentiment,
        aggregates_at=rel.aggregates_at,
        last_interaction_at=rel.last_interaction_at,
    )


def relationship_strength(rel: Relationship, *, now: datetime | None = None) -> int:
    return strength_mod.strength(_aggregates(rel), tier=rel.tier, now=now or timezone.now())


@transaction.atomic
def relationships_record_interaction(
    *,
    staff_ids: Iterable[int],
    contact_ids: Iterable[int],
    occurred_at: datetime,
    tier: str,
    sentiment: int,
) -> list[Relationship]:
    """Fold one interaction into the relationships between its participants.

    A pair that had no relationship gets one at the interaction's tier. Costs a constant number
    of queries whatever the number of participants.
    """
    staff_ids, contact_ids = sorted(set(staff_ids)), sorted(set(contact_ids))
    if not staff_ids or not contact_ids:
        return []
    now = timezone.now()
    existing = {
        (r.staff_id, r.contact_id): r
        for r in Relationship.objects.select_for_update().filter(
            staff_id__in=staff_ids, contact_id__in=contact_ids
        )
    }
    missing = [
        Relationship(staff_id=s, contact_id=c, tier=tier, owner_id=s)
        for s in staff_ids
        for c in contact_ids
        if (s, c) not in existing
    ]
    rels = list(existing.values()) + missing
    for rel in rels:
        agg = strength_mod.fold_interaction(
            _aggregates(rel), occurred_at=occurred_at, sentiment=sentiment
        )
        rel.interaction_count = agg.count
        rel.decayed_count = agg.decayed_count
        rel.decayed_sentiment = agg.decayed_sentiment
        rel.aggregates_at = agg.aggregates_at
        rel.last_interaction_at = agg.last_interaction_at
        if rel.status == Relationship.Status.DORMANT:
            rel.status = Relationship.Status.ACTIVE
        rel.strength = relationship_strength(rel, now=now)
        rel.strength_computed_at = now
        rel.updated_at = now
    Relationship.objects.bulk_create(missing)
    Relationship.objects.bulk_update(
        list(existing.values()),
        [
            "interaction_count",
            "decayed_count",
            "decayed_sentiment",
            "aggregates_at",
            "last_interaction_at",
            "status",
            "strength",
            "strength_computed_at",
            "updated_at",
        ],
    )
    return rels


def relationships_recompute_strength(*, batch_size: int = 5000, now: datetime | None = None) -> int:
    """Recompute every relationship's strength as of `now` (strength decays with time)."""
    now = now or timezone.now()
    updated = 0
    last_id = 0
    while True:
        batch = list(
            Relationship.objects.filter(pk__gt=last_id)
            .order_by("pk")
            .only(
                "id",
                "tier",
                "interaction_count",
                "decayed_count",
                "decayed_sentiment",
                "aggregates_at",
                "last_interaction_at",
                "strength",
            )[:batch_size]
        )
        if not batch:
            return updated
        for rel in batch:
            rel.strength = relationship_strength(rel, now=now)
            rel.strength_computed_at = now
        with transaction.atomic():
            Relationship.objects.bulk_update(batch, ["strength", "strength_computed_at"])
        updated += len(batch)
        last_id = batch[-1].pk


PERSONAL_FIELDS = ("first_name", "last_name", "email", "phone", "job_title", "notes")
ERASED = "[erased]"


@transaction.atomic
def contact_erase(*, contact: Contact) -> Contact:
    """Erase a person's data: from the live row and from the audit history.

    The row stays as a tombstone (so sync clients learn the contact is gone, and the scorecard
    keeps its counts of interactions and relationships); its personal fields are blanked, and
    every value of those fields in the audit trail is replaced, and responses kept for
    Idempotency-Key replays that quote them are withheld. The erasure itself is audited by field
    name only, so the erased data is not stored again.
    """
    if not contact.is_deleted:
        contact = contact_delete(contact=contact)
    # Responses kept for Idempotency-Key replays may quote the person: withhold them.
    idempotency_responses_withhold(values=[getattr(contact, f) for f in PERSONAL_FIELDS])
    Contact.objects.filter(pk=contact.pk).update(
        first_name=ERASED,
        last_name="",
        email="",
        phone="",
        job_title="",
        notes="",
        consent_marketing=False,
        consent_recorded_at=None,
    )
    events = AuditEvent.objects.filter(model=Contact._meta.label_lower, object_id=str(contact.pk))
    for event in events:
        event.changes = {
            name: ([ERASED, ERASED] if name in PERSONAL_FIELDS else values)
            for name, values in event.changes.items()
        }
    AuditEvent.objects.bulk_update(events, ["changes"])
    audit.record(Contact, [(contact.pk, "erase", {"fields": list(PERSONAL_FIELDS)})])
    contact.refresh_from_db()
    return contact


def relationships_update_status(*, now: datetime | None = None) -> tuple[int, int]:
    """Mark relationships dormant or active again by the per-tier limits; returns the counts.

    A relationship with no interaction yet is judged from when it was created. Ended ones are
    left alone. Two UPDATE statements, whatever the number of rows.
    """
    now = now or timezone.now()
    lapsed = selectors.lapsed(now)
    with transaction.atomic():
        dormant = Relationship.objects.filter(lapsed, status=Relationship.Status.ACTIVE).update(
            status=Relationship.Status.DORMANT, updated_at=now
        )
        revived = (
            Relationship.objects.filter(status=Relationship.Status.DORMANT)
            .exclude(lapsed)
            .update(status=Relationship.Status.ACTIVE, updated_at=now)
        )
    return dormant, revived
