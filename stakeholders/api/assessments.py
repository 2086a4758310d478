"""`assessments/`: ratings of account relationships, by us or by them."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_view

from core.api.filters import IdFilter, SearchFilterSet
from core.api.routing import ApiViewSet
from core.api.schema import crud_schema
from core.api.serializers import ApiModelSerializer
from stakeholders import services
from stakeholders.api.permissions import require_write
from stakeholders.models import Assessment


class AssessmentSerializer(ApiModelSerializer):
    class Meta:
        model = Assessment
        fields = [
            "id",
            "account",
            "side",
            "respondent",
            "assessed_by",
            *Assessment.SCORE_FIELDS,
            "stage",
            "nps",
            "comment",
            "requested_at",
            "assessed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None:
            require_write(self.user, self.instance.account.organisation)
        if "account" in attrs:
            require_write(self.user, attrs["account"].organisation)
        return attrs

    def create(self, validated_data):
        return services.assessment_record(**validated_data)

    def update(self, instance, validated_data):
        return services.assessment_update(assessment=instance, **validated_data)


class AssessmentFilter(SearchFilterSet):
    search_fields = ("comment",)
    account = IdFilter(field_name="account_id")
    respondent = IdFilter(field_name="respondent_id")
    assessed_by = IdFilter(field_name="assessed_by_id")
    answered = filters.BooleanFilter(field_name="assessed_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Assessment
        fields = ["side", "stage"]


@extend_schema_view(**crud_schema(AssessmentSerializer))
class AssessmentViewSet(ApiViewSet):
    """Ratings of account relationships, by us or by them (`side`)."""

    queryset = Assessment.objects.none()
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter

    def get_queryset(self):
        return Assessment.objects.visible_to(self.request.user)

    def perform_destroy(self, instance):
        require_write(self.request.user, instance.account.organisation)
        services.assessment_delete(assessment=instance)
