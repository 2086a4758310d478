"""`relationships/`: our people and their contacts."""

from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers

from core.api.filters import IdFilter, SearchFilterSet
from core.api.routing import ApiViewSet
from core.api.schema import crud_schema
from core.api.serializers import ApiModelSerializer
from stakeholders import services
from stakeholders.api.permissions import require_owner_change, require_write
from stakeholders.models import Relationship


class RelationshipSerializer(ApiModelSerializer):
    dormant = serializers.SerializerMethodField(
        help_text="Not ended, and marked dormant or past its limit without contact: its "
        "cadence_days, or its tier's default when that is empty."
    )

    class Meta:
        model = Relationship
        fields = [
            "id",
            "staff",
            "contact",
            "tier",
            "owner",
            "purpose",
            "cadence_days",
            "status",
            "strength",
            "last_interaction_at",
            "interaction_count",
            "dormant",
            "created_at",
            "updated_at",
        ]
        # Strength and the aggregates are computed from interactions, never written.
        read_only_fields = [
            "strength",
            "last_interaction_at",
            "interaction_count",
            "created_at",
            "updated_at",
        ]

    def get_dormant(self, relationship) -> bool:
        return relationship.state == "dormant"

    def validate(self, attrs):
        if self.instance is not None:
            require_write(self.user, self.instance.contact.organisation)
            require_owner_change(
                self.user, self.instance, attrs, self.instance.contact.organisation
            )
        if "contact" in attrs:
            require_write(self.user, attrs["contact"].organisation)
        return attrs

    def create(self, validated_data):
        return services.relationship_create(**validated_data)

    def update(self, instance, validated_data):
        return services.relationship_update(relationship=instance, **validated_data)


class RelationshipFilter(SearchFilterSet):
    search_fields = ("purpose", "contact__first_name", "contact__last_name")
    staff = IdFilter(field_name="staff_id")
    contact = IdFilter(field_name="contact_id")
    owner = IdFilter(field_name="owner_id")
    organisation = IdFilter(field_name="contact__organisation_id")

    class Meta:
        model = Relationship
        fields = ["tier", "status"]


@extend_schema_view(**crud_schema(RelationshipSerializer))
class RelationshipViewSet(ApiViewSet):
    """Our people ↔ their contacts; `strength` and the aggregates are computed, not written."""

    queryset = Relationship.objects.none()
    serializer_class = RelationshipSerializer
    filterset_class = RelationshipFilter

    def get_queryset(self):
        return Relationship.objects.visible_to(self.request.user).with_dormancy()

    def perform_destroy(self, instance):
        require_write(self.request.user, instance.contact.organisation)
        services.relationship_delete(relationship=instance)
