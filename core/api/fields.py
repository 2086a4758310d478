"""Serializer fields that take JSON as the schema documents it, and nothing DRF would coerce."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def _json_type_ok(field, data) -> bool:
    """Whether `data` has the JSON type the schema gives `field` (DRF would coerce it)."""
    if isinstance(field, serializers.ChoiceField):
        # A choice is the exact JSON value listed: "1" is not the level 1, nor 0 "false".
        return any(type(data) is type(key) and data == key for key in field.choices) or (
            data == "" and field.allow_blank
        )
    if isinstance(field, serializers.CharField):
        return isinstance(data, str)
    if isinstance(field, serializers.BooleanField):
        return isinstance(data, bool)
    if isinstance(field, serializers.IntegerField):
        return type(data) is int
    if isinstance(field, serializers.FloatField):
        return type(data) in (int, float)
    if isinstance(field, serializers.DecimalField):
        # The schema gives decimals as strings ("1200.50"), so that no precision is lost.
        return isinstance(data, str)
    if isinstance(field, serializers.DateField | serializers.DateTimeField):
        return isinstance(data, str)
    return True


def _json_type_name(field) -> str:
    if isinstance(field, serializers.ChoiceField):
        return "one of " + ", ".join(repr(key) for key in field.choices)
    if isinstance(field, serializers.BooleanField):
        return "true or false"
    if isinstance(field, serializers.IntegerField):
        return "an integer"
    if isinstance(field, serializers.FloatField):
        return "a number"
    if isinstance(field, serializers.DecimalField):
        return 'a decimal in a string, e.g. "1200.50"'
    return "a string"


class StrictTypeMixin:
    """Refuse values of the wrong JSON type (400) instead of coercing them as DRF does."""

    def to_internal_value(self, data):
        if not _json_type_ok(self, data):
            raise serializers.ValidationError(
                f"Expected {_json_type_name(self)}, got {type(data).__name__}.", code="invalid"
            )
        return super().to_internal_value(data)


_strict_classes: dict[type, type] = {}


def strict(field_class: type) -> type:
    """`field_class` with StrictTypeMixin in front (one class per field class)."""
    if field_class not in _strict_classes:
        _strict_classes[field_class] = type(
            field_class.__name__, (StrictTypeMixin, field_class), {"__module__": __name__}
        )
    return _strict_classes[field_class]


# What Django's URLValidator accepts, roughly: http(s)/ftp(s) and a host name with a top-level
# domain (the schema's bare "format: uri" promised any URI). A blank field allows "" besides.
WEB_URL_PATTERN = (
    r"^(https?|ftps?)://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,4}[A-Za-z]{2,63}"
    r"(:[1-9][0-9]{0,3})?(/[A-Za-z0-9._~%/-]{0,100})?$"
)


@extend_schema_field({"type": "string", "pattern": WEB_URL_PATTERN, "maxLength": 200})
class WebUrlField(serializers.CharField):
    """A web address or, where the model allows it, the empty string (one pattern says both,
    where drf-spectacular's URLField would give a "format: uri" that the empty string fails)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        # Checked here rather than as a validator, which drf-spectacular would document as
        # "format: uri" next to the pattern.
        if value:
            try:
                URLValidator()(value)
            except DjangoValidationError:
                raise serializers.ValidationError("Enter a valid URL.", code="invalid") from None
        return value
