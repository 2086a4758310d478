"""`scorecard/`: the scorecard for one period and scope, as the dashboard shows it."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.errors import ErrorSerializer, json_error
from core.replica import replica_reads
from scorecard import periods, scopes
from scorecard.models import Measure
from scorecard.scoring import STATUSES
from scorecard.selectors import scorecard_for

STATUS = serializers.ChoiceField(choices=STATUSES)


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
    id = serializers.IntegerField(help_text="The alert at alerts/{id}/, where it is worked on.")
    measure = serializers.CharField(help_text="The measure's code.")
    scope = serializers.CharField()
    message = serializers.CharField()
    severity = serializers.ChoiceField(choices=["medium", "high"])
    period = serializers.CharField()
    url = serializers.CharField(help_text="The page listing the records behind the alert.")
    status = serializers.ChoiceField(choices=["open", "acknowledged", "resolved"])
    assignee = serializers.IntegerField(allow_null=True, help_text="One of our people, or null.")


class ScorecardSerializer(serializers.Serializer):
    period = serializers.CharField()
    scope = serializers.CharField()
    score = serializers.FloatField(allow_null=True, min_value=0, max_value=100)
    status = STATUS
    measures_without_data = serializers.IntegerField()
    perspectives = ScorecardPerspectiveSerializer(many=True)
    alerts = ScorecardAlertSerializer(many=True)


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
                "id": alert.pk,
                "measure": alert.measure.code,
                "scope": alert.scope_code,
                "message": alert.message,
                "severity": alert.severity,
                "period": alert.period,
                "url": alert.get_absolute_url(),
                "status": alert.status,
                "assignee": alert.assignee_id,
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
        responses={200: ScorecardSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request):
        # Sent but empty is malformed here (the schema's patterns); only absent means default.
        for name, code in (("period", "bad_period"), ("scope", "bad_scope")):
            if request.query_params.get(name) == "":
                return json_error(
                    400, f"{name} may not be empty; leave it out for the default.", code
                )
        try:
            period, scope = scopes.from_request(
                request.query_params.get("period"), request.query_params.get("scope"), request.user
            )
        except periods.BadPeriod as error:
            return json_error(400, str(error), "bad_period")
        except scopes.BadScope as error:
            return json_error(400, str(error), "bad_scope")
        except Http404:
            return json_error(404, "No such scope, or none you may see.", "not_found")
        with replica_reads():
            board = scorecard_for(period=period, scope=scope, user=request.user)
        return Response(scorecard_data(board))
