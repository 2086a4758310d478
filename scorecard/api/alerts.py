"""`alerts/`: the scorecard's alerts and the work on them (scorecard/alert_work.py).

PATCH changes `status` (open, acknowledged, resolved), `assignee` and `note`; the rest is
computed. Acknowledging needs a note. Those who do not answer for the alert's scope get a 403.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from core.api.fields import strict
from core.api.filters import IdFilter, SearchFilterSet
from core.api.schema import NOT_FOUND_PAGE, errors
from scorecard import alert_work, scopes
from scorecard.models import Alert

User = get_user_model()


class AlertSerializer(serializers.ModelSerializer):
    measure = serializers.SlugRelatedField(slug_field="code", read_only=True)
    scope = serializers.CharField(source="scope_code", read_only=True)
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        allow_null=True,
        required=False,
        help_text="One of our people (users/) who may see the alert; null for nobody.",
    )
    note = strict(serializers.CharField)(
        allow_blank=True, required=False, max_length=2000, help_text="What is being done."
    )
    url = serializers.SerializerMethodField(help_text="The page to work on it.")

    class Meta:
        model = Alert
        fields = [
            "id",
            "measure",
            "scope",
            "scope_name",
            "period",
            "previous_period",
            "message",
            "severity",
            "value",
            "previous_value",
            "relative_change",
            "status",
            "assignee",
            "note",
            "handled_at",
            "handled_by",
            "url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [name for name in fields if name not in ("status", "assignee", "note")]

    def get_url(self, alert) -> str:
        return alert_work.alert_page_url(alert)

    def update(self, instance, validated_data):
        try:
            return alert_work.alert_update(
                alert=instance, user=self.context["request"].user, **validated_data
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error


@extend_schema_field({"type": "string", "example": "account:7"})
class ScopeFilter(filters.Filter):
    """`company`, `community:<id>`, `unit:<id>` or `account:<id>`, as in scorecard/."""

    field_class = property(lambda self: ScopeField)


class ScopeField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return scopes.parse(value)
        except scopes.BadScope as error:
            # The message quotes what was sent, which may hold a "%": pass it as a parameter.
            raise forms.ValidationError("%(error)s", params={"error": str(error)}) from error


class AlertFilter(SearchFilterSet):
    search_fields = ("message", "scope_name")

    assignee = IdFilter(field_name="assignee_id")
    measure = filters.CharFilter(field_name="measure__code", max_length=100, label="Measure code")
    scope = ScopeFilter(method="filter_scope", label="Scope")

    class Meta:
        model = Alert
        fields = ["status", "severity", "period"]

    def filter_scope(self, queryset, name, value):
        kind, pk = value
        return queryset.filter(scope_kind=kind, scope_id=pk)


@extend_schema_view(
    list=extend_schema(
        responses={200: AlertSerializer(many=True), **errors(400, 401), 404: NOT_FOUND_PAGE}
    ),
    retrieve=extend_schema(responses={200: AlertSerializer, **errors(401, 404)}),
    partial_update=extend_schema(
        responses={200: AlertSerializer, **errors(400, 401, 403, 404, 415)}
    ),
)
class AlertViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Alerts raised by the scorecard, newest period first; `?measure=<code>`,
    `?scope=company|account:<id>|…`, `?status=`, `?assignee=<id>`, `?period=` filter them."""

    queryset = Alert.objects.none()
    serializer_class = AlertSerializer
    filterset_class = AlertFilter
    http_method_names = ["get", "patch", "head", "options"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return (
            Alert.objects.visible_to(self.request.user)
            .select_related("measure")
            .order_by("-period", "-severity_rank", "id")
        )
