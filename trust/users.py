"""A person's own sign-in details, changed by themselves and audited.

Django's user is not an audited model, so these functions record the events themselves. A
password is never recorded, only that it changed and how.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from trust import audit

User = get_user_model()

PROFILE_FIELDS = ("first_name", "last_name", "email")


@transaction.atomic
def user_profile_update(*, user, first_name: str, last_name: str, email: str):
    """Change `user`'s name and e-mail address. ValidationError (by field) leaves `user` as it
    was, in the database and in memory."""
    values = {
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "email": User.objects.normalize_email(email.strip()),
    }
    errors = {}
    for name, value in values.items():
        try:
            User._meta.get_field(name).clean(value, user)
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)
    changes = {
        name: [getattr(user, name), value]
        for name, value in values.items()
        if getattr(user, name) != value
    }
    if not changes:
        return user
    for name, (_, value) in changes.items():
        setattr(user, name, value)
    user.save(update_fields=list(changes))
    audit.record(User, [(user.pk, "update", changes)])
    return user


@transaction.atomic
def user_password_set(*, user, password: str, how: str):
    """Give `user` a new password, checked by the caller against the password validators;
    `how` says for the audit trail how it was set (e.g. "reset by e-mail link")."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(User, [(user.pk, "update", {"password": how})])
    return user
