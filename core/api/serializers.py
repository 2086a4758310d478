"""The base of every model serializer: strict JSON types, bounded texts, and references that
only name what the requesting user may see."""

from django.db import models
from rest_framework import serializers

from core.api.fields import WebUrlField, strict

# Long texts get a bound so that one request cannot store megabytes in a notes field.
TEXT_MAX_LENGTH = 20_000


class IdListField(serializers.ManyRelatedField):
    """A JSON array of ids; DRF would take the keys of an object ({"3": …}) as ids."""

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """An id that must name an object the requesting user may see, else "does not exist".

    Models whose rows are not all visible to everyone have a `visible_to(user)` queryset
    method; it decides here as everywhere else.
    """

    def to_internal_value(self, data):
        # An id is a JSON integer, as the schema says: "12" or 12.0 is a 400, not a lookup.
        if type(data) is not int:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)

    @classmethod
    def many_init(cls, *args, **kwargs):
        field = super().many_init(*args, **kwargs)
        field.__class__ = IdListField
        return field

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if request is None:
            # Without a request there is no one to see anything: fail closed.
            return queryset.none()
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(request.user)
        return queryset


class ApiModelSerializer(serializers.ModelSerializer):
    """Translates between JSON and a model's fields; the writing is left to the services."""

    serializer_related_field = VisibleRelatedField

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.TextField) and "max_length" not in kwargs:
            kwargs["max_length"] = TEXT_MAX_LENGTH
        if field_class is serializers.URLField:
            field_class = WebUrlField
        return strict(field_class), kwargs

    @property
    def user(self):
        return self.context["request"].user
