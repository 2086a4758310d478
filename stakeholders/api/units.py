"""`units/`: our own departments."""

from drf_spectacular.utils import extend_schema_view

from core.api.filters import IdFilter, SearchFilterSet
from core.api.routing import ApiViewSet
from core.api.schema import crud_schema
from core.api.serializers import ApiModelSerializer
from stakeholders import services
from stakeholders.models import Unit


class UnitSerializer(ApiModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "parent", "head", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def create(self, validated_data):
        return services.unit_create(**validated_data)

    def update(self, instance, validated_data):
        return services.unit_update(unit=instance, **validated_data)


class UnitFilter(SearchFilterSet):
    search_fields = ("name",)
    parent = IdFilter(field_name="parent_id")
    head = IdFilter(field_name="head_id")

    class Meta:
        model = Unit
        fields = []


@extend_schema_view(**crud_schema(UnitSerializer))
class UnitViewSet(ApiViewSet):
    """Our own departments. Only administrators may change them."""

    admin_write = True
    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
