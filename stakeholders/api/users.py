"""`users/`: our people, by the ids every other resource refers to them with."""

from django.contrib.auth import get_user_model
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers, viewsets

from core.api.exports import ExportMixin
from core.api.filters import IdFilter, SearchFilterSet
from core.api.schema import crud_schema
from stakeholders import access
from stakeholders.models import Role

User = get_user_model()


class UserSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="get_full_name", read_only=True)
    role = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "role", "unit"]
        read_only_fields = ["username"]

    def get_role(self, user) -> str | None:
        return access.role_of(user)

    def get_unit(self, user) -> int | None:
        profile = getattr(user, "staff_profile", None)
        return profile.unit_id if profile is not None else None


class UserFilter(SearchFilterSet):
    search_fields = ("username", "first_name", "last_name")
    username = filters.CharFilter(field_name="username", lookup_expr="iexact", max_length=150)
    role = filters.ChoiceFilter(
        field_name="staff_profile__role", choices=Role.choices, label="Role"
    )
    unit = IdFilter(field_name="staff_profile__unit_id")
    # Users carry no updated_at.
    updated_after = None

    class Meta:
        model = User
        fields = []


@extend_schema_view(**crud_schema(UserSerializer, writes=False))
class UserViewSet(ExportMixin, viewsets.ReadOnlyModelViewSet):
    """Our people: refer to them by these ids (owners, staff, team members)."""

    lookup_value_regex = r"[0-9]+"
    queryset = User.objects.select_related("staff_profile").order_by("username", "id")
    serializer_class = UserSerializer
    filterset_class = UserFilter
