"""`assessment-requests/`: ask a contact for a TOTAL assessment through a personal link."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from core.api.filters import IdFilter, StrictFilterSet
from core.api.schema import NOT_FOUND_PAGE, errors
from core.api.serializers import ApiModelSerializer
from stakeholders.api.permissions import require_write
from stakeholders.models import AssessmentRequest
from stakeholders.services.surveys import assessment_request_create
from stakeholders.survey_links import survey_url


class SurveyRequestSerializer(ApiModelSerializer):
    """A request as the asker sees it; `url` is the contact's personal link (it also went to
    them by e-mail)."""

    url = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = AssessmentRequest
        fields = [
            "id",
            "contact",
            "account",
            "assessment",
            "url",
            "status",
            "expires_at",
            "sent_at",
            "reminded_at",
            "answered_at",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_url(self, obj) -> str:
        return survey_url(obj.nonce)

    @extend_schema_field(serializers.ChoiceField(choices=AssessmentRequest.Status.choices))
    def get_status(self, obj) -> str:
        return obj.status


class SurveyRequestCreateSerializer(ApiModelSerializer):
    class Meta:
        model = AssessmentRequest
        fields = ["contact"]


class SurveyRequestFilter(StrictFilterSet):
    contact = IdFilter(field_name="contact_id")
    account = IdFilter(field_name="account_id")
    answered = filters.BooleanFilter(field_name="answered_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = AssessmentRequest
        fields = []


@extend_schema_view(
    list=extend_schema(
        responses={
            200: SurveyRequestSerializer(many=True),
            **errors(400, 401),
            404: NOT_FOUND_PAGE,
        }
    ),
    retrieve=extend_schema(responses={200: SurveyRequestSerializer, **errors(401, 404)}),
    create=extend_schema(
        request=SurveyRequestCreateSerializer,
        responses={201: SurveyRequestSerializer, **errors(400, 401, 403, 415)},
    ),
)
class AssessmentRequestViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Survey requests: each asks one contact, by e-mail, for a TOTAL assessment of their
    account; the answer becomes an assessment by their side."""

    queryset = AssessmentRequest.objects.none()
    serializer_class = SurveyRequestSerializer
    filterset_class = SurveyRequestFilter
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return AssessmentRequest.objects.visible_to(self.request.user).order_by("-id")

    def create(self, request, *args, **kwargs):
        given = SurveyRequestCreateSerializer(data=request.data, context={"request": request})
        given.is_valid(raise_exception=True)
        contact = given.validated_data["contact"]
        require_write(request.user, contact.organisation)
        survey_request = assessment_request_create(contact=contact, requested_by=request.user)
        return Response(
            SurveyRequestSerializer(survey_request).data, status=status.HTTP_201_CREATED
        )
