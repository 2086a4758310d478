"""`interactions/`: logged touch points between our people and theirs."""

from drf_spectacular.utils import extend_schema_view

from core.api.conditional import ConditionalMixin
from core.api.filters import IdFilter, IsoDateTimeFilter, SearchFilterSet
from core.api.routing import ApiViewSet
from core.api.schema import crud_schema
from core.api.serializers import ApiModelSerializer
from interventions import services
from interventions.models import Interaction
from stakeholders.api.permissions import require_write


class InteractionSerializer(ApiModelSerializer):
    class Meta:
        model = Interaction
        fields = [
            "id",
            "external_id",
            "kind",
            "occurred_at",
            "organisation",
            "contacts",
            "staff",
            "tier",
            "summary",
            "notes",
            "sentiment",
            "intervention",
            "logged_by",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["logged_by", "version", "created_at", "updated_at"]
        extra_kwargs = {"tier": {"required": False, "default": None, "allow_null": True}}

    def validate_external_id(self, value):
        return value or None

    def validate(self, attrs):
        if self.instance is not None:
            require_write(self.user, self.instance.organisation)
            if attrs.get("tier") is None:
                # Left out of a PUT: the tier stays what logging set it to.
                attrs.pop("tier", None)
        return attrs

    def create(self, validated_data):
        return services.interaction_log(logged_by=self.user, **validated_data)

    def update(self, instance, validated_data):
        return services.interaction_update(
            interaction=instance, updated_by=self.user, **validated_data
        )


class InteractionFilter(SearchFilterSet):
    search_fields = ("summary", "notes")
    organisation = IdFilter(field_name="organisation_id")
    contact = IdFilter(field_name="contacts")
    staff = IdFilter(field_name="staff")
    intervention = IdFilter(field_name="intervention_id")
    occurred_after = IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")

    class Meta:
        model = Interaction
        fields = ["kind", "tier", "sentiment", "external_id"]


@extend_schema_view(**crud_schema(InteractionSerializer, conditional=True))
class InteractionViewSet(ConditionalMixin, ApiViewSet):
    """Logged touch points. Logging one updates the relationships between its participants;
    only its description (kind, summary, notes, intervention, external_id) may change later."""

    queryset = Interaction.objects.none()
    serializer_class = InteractionSerializer
    filterset_class = InteractionFilter

    def get_queryset(self):
        return Interaction.objects.visible_to(self.request.user).prefetch_related(
            "contacts", "staff"
        )

    def perform_destroy(self, instance):
        services.interaction_delete(interaction=instance, deleted_by=self.request.user)
