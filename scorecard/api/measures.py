"""`measures/`: the scorecard's measures; administrators tune targets, thresholds and weights."""

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.settings import api_settings

from core.api.errors import ErrorSerializer
from core.api.filters import IdFilter, SearchFilterSet
from core.api.schema import errors
from core.api.serializers import ApiModelSerializer
from scorecard.metrics import REGISTRY
from scorecard.models import Measure


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


class MeasurePagination(api_settings.DEFAULT_PAGINATION_CLASS):
    page_size = 100


class MeasureFilter(SearchFilterSet):
    search_fields = ("name", "code", "description")

    perspective = IdFilter(field_name="perspective_id")

    class Meta:
        model = Measure
        fields = ["perspective", "unit", "direction", "active", "code"]


_MEASURE_CHANGE_ERRORS = errors(400, 401, 403, 404, 415)


@extend_schema_view(
    list=extend_schema(
        responses={
            200: MeasureSerializer(many=True),
            **errors(400, 401),
            404: OpenApiResponse(ErrorSerializer, description="No such page."),
        }
    ),
    retrieve=extend_schema(responses={200: MeasureSerializer, **errors(401, 404)}),
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
    admin_write = True
    pagination_class = MeasurePagination
    filterset_class = MeasureFilter
