"""Our side: units and our people, with their roles."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from core.trees import would_contain_itself
from core.writes import validated_save
from stakeholders.models import (
    Role,
    StaffProfile,
    Unit,
)

User = get_user_model()


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
def staff_set_role(*, user, role: str) -> StaffProfile:
    """Give one of our people another role (what they may see and do follows it)."""
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    profile, _ = StaffProfile.objects.get_or_create(user=user)
    return validated_save(profile, role=role)
