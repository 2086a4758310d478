"""Organisations with their divisions (the hierarchy's root kept right), and communities."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.trees import would_contain_itself
from core.writes import validated_save
from stakeholders.models import (
    Community,
    Contact,
    Organisation,
)
from stakeholders.services.fields import apply_fields
from stakeholders.sync.stamps import current_stamp

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
    apply_fields(organisation, fields, ORGANISATION_FIELDS)
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
    changed = apply_fields(organisation, fields, ORGANISATION_FIELDS)
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
    level, subtree = [organisation.pk], []
    while level:
        Organisation.objects.filter(pk__in=level).update(root=new_root)
        subtree += level
        level = list(Organisation.objects.filter(parent_id__in=level).values_list("pk", flat=True))
    organisation.root = new_root
    # Their contacts now sit under another top organisation, maybe behind another fence: the
    # changes feed sends them again, to those who may now see them and those who may not.
    stamp = current_stamp()
    Contact.objects.filter(organisation_id__in=subtree).update(sync_txid=stamp, moved_stamp=stamp)


@transaction.atomic
def community_create(**fields) -> Community:
    return validated_save(Community(), **fields)


@transaction.atomic
def community_update(*, community: Community, **fields) -> Community:
    return validated_save(community, **fields)
