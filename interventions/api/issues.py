"""`issues/`: complaints and problems raised by stakeholders."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_view

from core.api.filters import IdFilter, SearchFilterSet
from core.api.routing import ApiViewSet
from core.api.schema import crud_schema
from core.api.serializers import ApiModelSerializer
from interventions import services
from interventions.models import Issue
from stakeholders.api.permissions import require_owner_change, require_write


class IssueSerializer(ApiModelSerializer):
    class Meta:
        model = Issue
        fields = [
            "id",
            "organisation",
            "contact",
            "category",
            "severity",
            "summary",
            "description",
            "opened_at",
            "resolved_at",
            "resolution",
            "escalated",
            "escalated_at",
            "owner",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["escalated_at", "created_at", "updated_at"]
        # Only a public report may lack an organisation, and those come through /feedback/.
        extra_kwargs = {"organisation": {"required": True, "allow_null": False}}

    def validate(self, attrs):
        if self.instance is not None:
            require_write(self.user, self.instance.organisation)
            require_owner_change(self.user, self.instance, attrs, self.instance.organisation)
        if "organisation" in attrs:
            require_write(self.user, attrs["organisation"])
        return attrs

    def create(self, validated_data):
        return services.issue_record(
            recorded_by=self.user, channel=Issue.Channel.API, **validated_data
        )

    def update(self, instance, validated_data):
        return services.issue_update(issue=instance, updated_by=self.user, **validated_data)


class IssueFilter(SearchFilterSet):
    search_fields = ("summary", "description")
    organisation = IdFilter(field_name="organisation_id")
    contact = IdFilter(field_name="contact_id")
    owner = IdFilter(field_name="owner_id")
    open = filters.BooleanFilter(field_name="resolved_at", lookup_expr="isnull", label="Open")

    class Meta:
        model = Issue
        fields = ["category", "severity", "escalated"]


@extend_schema_view(**crud_schema(IssueSerializer))
class IssueViewSet(ApiViewSet):
    """Complaints and problems raised by stakeholders."""

    queryset = Issue.objects.none()
    serializer_class = IssueSerializer
    filterset_class = IssueFilter

    def get_queryset(self):
        return Issue.objects.visible_to(self.request.user)

    def perform_destroy(self, instance):
        services.issue_delete(issue=instance, deleted_by=self.request.user)
