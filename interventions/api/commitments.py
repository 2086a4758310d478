"""`commitments/`: promises made by us or by them, with a due date."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_view

from core.api.filters import IdFilter, SearchFilterSet
from core.api.routing import ApiViewSet
from core.api.schema import crud_schema
from core.api.serializers import ApiModelSerializer
from interventions import services
from interventions.models import Commitment
from stakeholders.api.permissions import require_owner_change, require_write


class CommitmentSerializer(ApiModelSerializer):
    class Meta:
        model = Commitment
        fields = [
            "id",
            "interaction",
            "organisation",
            "made_by",
            "owner",
            "description",
            "due_on",
            "status",
            "closed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "closed_at": {
                "help_text": "When it was kept, missed or cancelled (not in the future); "
                "set with a closing status, now when left out. Null while open."
            }
        }

    def validate(self, attrs):
        if self.instance is not None:
            require_write(self.user, self.instance.organisation)
            require_owner_change(self.user, self.instance, attrs, self.instance.organisation)
        if "organisation" in attrs:
            require_write(self.user, attrs["organisation"])
        return attrs

    def create(self, validated_data):
        return services.commitment_record(recorded_by=self.user, **validated_data)

    def update(self, instance, validated_data):
        return services.commitment_update(
            commitment=instance, updated_by=self.user, **validated_data
        )


class CommitmentFilter(SearchFilterSet):
    search_fields = ("description",)
    organisation = IdFilter(field_name="organisation_id")
    owner = IdFilter(field_name="owner_id")
    interaction = IdFilter(field_name="interaction_id")
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lt")

    class Meta:
        model = Commitment
        fields = ["status", "made_by"]


@extend_schema_view(**crud_schema(CommitmentSerializer))
class CommitmentViewSet(ApiViewSet):
    """Promises made by us or by them, with a due date."""

    queryset = Commitment.objects.none()
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilter

    def get_queryset(self):
        return Commitment.objects.visible_to(self.request.user)

    def perform_destroy(self, instance):
        services.commitment_delete(commitment=instance, deleted_by=self.request.user)
