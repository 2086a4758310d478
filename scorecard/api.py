"""REST API of the scorecard: the scorecard itself and its measures."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from scorecard import periods, scopes
from scorecard.metrics import REGISTRY
from scorecard.models import Measure
from scorecard.scoring import STATUSES
from scorecard.selectors import scorecard_for
from stakeholders import access
from stakeholders.api import (
    ERRORS,
    ApiModelSerializer,
    ErrorSerializer,
    IdFilter,
    SearchFilterSet,
)

STATUS = serializers.ChoiceField(choices=STATUSES)
ERROR = inline_serializer(
    "ScorecardError", {"detail": serializers.CharField(), "code": serializers.CharField()}
)


class TrendPointSerializer(serializers.Serializer):
    period = serializers.CharField()
    value = serializers.FloatField(allow_null=True)


class ScorecardMeasureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.ChoiceField(choices=Measure.Unit.choices)
    direction = serializers.ChoiceField(choices=Measure.Direction.choices)
    value = serializers.FloatField(allow_null=True)
    target = serializers.FloatField()
    threshold = serializers.FloatField()
    score = serializers.FloatField(allow_null=True, min_value=0, max_value=100)
    status = STATUS
    trend = TrendPointSerializer(many=True)
    response_rate = serializers.FloatField(
        allow_null=True, required=False, help_text="For survey-based measures only."
    )


class ScorecardPerspectiveSerializer(serializers.Serializer):
    name = serializers.CharField()
    weight = serializers.FloatField()
    score = serializers.FloatField(allow_null=True, min_value=0, max_value=100)
    status = STATUS
    measures = ScorecardMeasureSerializer(many=True)


class ScorecardAlertSerializer(serializers.Serializer):
    measure = serializers.CharField(help_text="The measure's code.")
    scope = serializers.CharField()
    message = serializers.CharField()
    severity = serializers.ChoiceField(choices=["medium", "high"])
    period = serializers.CharField()
    url = serializers.CharField(help_text="The page listing the records behind the alert.")


class ScorecardSerializer(serializers.Serializer):
    period = serializers.CharField()
    scope = serializers.CharField()
    score = serializers.FloatField(allow_null=True, min_value=0, max_value=100)
    status = STATUS
    measures_without_data = serializers.IntegerField()
    perspectives = ScorecardPerspectiveSerializer(many=True)
    alerts = ScorecardAlertSerializer(many=True)


def _error(detail: str, code: str, status: int) -> Response:
    return Response({"detail": detail, "code": code}, status=status)


def scorecard_data(board) -> dict:
    return {
        "period": board.period.code,
        "scope": board.scope.code,
        "score": board.score,
        "status": board.status,
        "measures_without_data": board.without_data,
        "perspectives": [
            {
                "name": block.perspective.name,
                "weight": block.perspective.weight,
                "score": block.score,
                "status": block.status,
                "measures": [
                    {
                        "code": row.measure.code,
                        "name": row.measure.name,
                        "unit": row.measure.unit,
                        "direction": row.measure.direction,
                        "value": row.value,
                        "target": row.measure.target,
                        "threshold": row.measure.threshold,
                        "score": row.score,
                        "status": row.status,
                        "trend": [{"period": p, "value": v} for p, v in row.trend],
                        **({"response_rate": row.response_rate} if row.is_survey_based else {}),
                    }
                    for row in block.measures
                ],
            }
            for block in board.perspectives
        ],
        "alerts": [
            {
                "measure": alert.measure.code,
                "scope": alert.scope_code,
                "message": alert.message,
                "severity": alert.severity,
                "period": alert.period,
                "url": alert.get_absolute_url(),
            }
            for alert in board.alerts
        ],
    }


class ScorecardView(APIView):
    @extend_schema(
        summary="The scorecard for one period and scope",
        parameters=[
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                description="YYYY-MM, YYYY-Qn or YYYY (years 2000–2100); default the "
                "current quarter.",
                pattern=r"^(20\d{2}|2100)(-(0[1-9]|1[0-2])|-Q[1-4])?$",
            ),
            OpenApiParameter(
                "scope",
                OpenApiTypes.STR,
                description="company, community:<id>, unit:<id> or account:<id>; default company.",
                pattern=r"^(company|(community|unit|account):\d{1,18})$",
            ),
        ],
        responses={200: ScorecardSerializer, 400: ERROR, 404: ERROR},
    )
    def get(self, request):
        # Sent but empty is malformed here (the schema's patterns); only absent means default.
        for name, code in (("period", "bad_period"), ("scope", "bad_scope")):
            if request.query_params.get(name) == "":
                return _error(f"{name} may not be empty; leave it out for the default.", code, 400)
        try:
            period, scope = scopes.from_request(
                request.query_params.get("period"), request.query_params.get("scope"), request.user
            )
        except periods.BadPeriod as error:
            return _error(str(error), "bad_period", 400)
        except scopes.BadScope as error:
            return _error(str(error), "bad_scope", 400)
        except Http404:
            return _error("No such scope, or none you may see.", "not_found", 404)
        board = scorecard_for(period=period, scope=scope, user=request.user)
        return Response(scorecard_data(board))


@extend_schema_field({"type": "string", "enum": [Measure.MANUAL, *sorted(REGISTRY)]})
class MeasureSourceField(serializers.CharField):
    """`manual` or the name of a registered metric function (validate_source checks it)."""


class MeasureSerializer(ApiModelSerializer):
    source = MeasureSourceField(max_length=100, required=False)

    class Meta:
        model = Measure
        fields = [
            "id",
            "code",
            "name",
            "description",
            "perspective",
            "unit",
            "direction",
            "target",
            "threshold",
            "weight",
            "source",
            "rollup",
            "order",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["code", "created_at", "updated_at"]
        extra_kwargs = {"weight": {"min_value": 0}}

    def validate_source(self, value):
        if value != Measure.MANUAL and value not in REGISTRY:
            raise serializers.ValidationError(
                f'No metric function is registered as "{value}"; use "manual" or one of: '
                + ", ".join(sorted(REGISTRY))
            )
        return value

    def validate(self, attrs):
        def current(name):
            return attrs.get(name, getattr(self.instance, name, None))

        direction, target, threshold = current("direction"), current("target"), current("threshold")
        if direction == Measure.Direction.HIGHER_IS_BETTER and threshold > target:
            raise serializers.ValidationError(
                {"threshold": "When higher is better, the threshold must not exceed the target."}
            )
        if direction == Measure.Direction.LOWER_IS_BETTER and threshold < target:
            raise serializers.ValidationError(
                {"threshold": "When lower is better, the threshold must not be below the target."}
            )
        return attrs


class IsAdminToWrite(permissions.BasePermission):
    message = "Only administrators may change measures."

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        return request.method in permissions.SAFE_METHODS or access.is_admin(request.user)


class MeasurePagination(api_settings.DEFAULT_PAGINATION_CLASS):
    page_size = 100


class MeasureFilter(SearchFilterSet):
    search_fields = ("name", "code", "description")

    perspective = IdFilter(field_name="perspective_id")

    class Meta:
        model = Measure
        fields = ["perspective", "unit", "direction", "active", "code"]


_MEASURE_CHANGE_ERRORS = {code: ERRORS[code] for code in (400, 401, 403, 404, 415)}


@extend_schema_view(
    list=extend_schema(
        responses={
            200: MeasureSerializer(many=True),
            **{code: ERRORS[code] for code in (400, 401)},
            404: OpenApiResponse(ErrorSerializer, description="No such page."),
        }
    ),
    retrieve=extend_schema(
        responses={200: MeasureSerializer, **{code: ERRORS[code] for code in (401, 404)}}
    ),
    update=extend_schema(responses={200: MeasureSerializer, **_MEASURE_CHANGE_ERRORS}),
    partial_update=extend_schema(responses={200: MeasureSerializer, **_MEASURE_CHANGE_ERRORS}),
)
class MeasureViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The scorecard's measures; administrators tune targets, thresholds and weights."""

    queryset = Measure.objects.order_by("perspective__order", "order", "id")
    serializer_class = MeasureSerializer
    permission_classes = [IsAdminToWrite]
    pagination_class = MeasurePagination
    filterset_class = MeasureFilter
