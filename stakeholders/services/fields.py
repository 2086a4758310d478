"""Setting the fields a service accepts, and nothing else."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

User = get_user_model()


def apply_fields(instance, fields: dict, allowed: frozenset) -> list[str]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}")
    changed = []
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed
