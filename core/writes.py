"""The last step of a service's write: validate the row like a form would, then save it."""

from django.utils import timezone


def validated_save(instance, **fields):
    """Set `fields` on `instance`, validate it (constraints included, so a violation is a
    validation error rather than an IntegrityError) and save it; returns it."""
    for name, value in fields.items():
        setattr(instance, name, value)
    if instance.pk is not None:
        instance.updated_at = timezone.now()
    instance.full_clean()
    instance.save()
    return instance
