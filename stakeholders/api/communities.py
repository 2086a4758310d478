"""`communities/`: stakeholder communities and the strategy we hold for each."""

from drf_spectacular.utils import extend_schema_view

from core.api.filters import IdFilter, SearchFilterSet
from core.api.routing import ApiViewSet
from core.api.schema import crud_schema
from core.api.serializers import ApiModelSerializer
from stakeholders import services
from stakeholders.models import Community


class CommunitySerializer(ApiModelSerializer):
    class Meta:
        model = Community
        fields = [
            "id",
            "name",
            "kind",
            "tier",
            "owner_unit",
            "target",
            "objective",
            "intended_outcome",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def create(self, validated_data):
        return services.community_create(**validated_data)

    def update(self, instance, validated_data):
        return services.community_update(community=instance, **validated_data)


class CommunityFilter(SearchFilterSet):
    search_fields = ("name", "target", "objective", "intended_outcome")
    owner_unit = IdFilter(field_name="owner_unit_id")

    class Meta:
        model = Community
        fields = ["kind", "tier"]


@extend_schema_view(**crud_schema(CommunitySerializer))
class CommunityViewSet(ApiViewSet):
    """Stakeholder communities and the strategy we hold for each."""

    queryset = Community.objects.all()
    serializer_class = CommunitySerializer
    filterset_class = CommunityFilter
