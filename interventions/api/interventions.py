"""`interventions/`: planned engagements, each with one purpose and one target."""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field, extend_schema_view
from rest_framework import serializers

from core.api.filters import IdFilter, SearchFilterSet
from core.api.routing import ApiViewSet
from core.api.schema import crud_schema
from core.api.serializers import ApiModelSerializer
from interventions import selectors, services
from interventions.models import Intervention
from stakeholders.api.permissions import require_owner_change
from stakeholders.models import Contact


class ConflictSerializer(serializers.ModelSerializer):
    """An open intervention by another unit on the same target in an overlapping window."""

    class Meta:
        model = Intervention
        fields = ["id", "title", "owner", "unit", "starts_on", "ends_on"]
        read_only_fields = fields


INTERVENTION_FIELDS = [
    "id",
    "title",
    "target_kind",
    "organisation",
    "community",
    "contacts",
    "tier",
    "purpose",
    "objective",
    "intended_outcome",
    "owner",
    "unit",
    "starts_on",
    "ends_on",
    "status",
    "actual_outcome",
    "outcome_rating",
    "closed_at",
    "created_at",
    "updated_at",
]


class InterventionListSerializer(ApiModelSerializer):
    class Meta:
        model = Intervention
        fields = INTERVENTION_FIELDS
        read_only_fields = ["target_kind", "closed_at", "created_at", "updated_at"]
        # The planner owns what they plan unless they name someone else.
        extra_kwargs = {"owner": {"required": False}}


class InterventionSerializer(InterventionListSerializer):
    """Target exactly one of `organisation`, `community`, `contacts`; `conflicts` are read-only."""

    conflicts = serializers.SerializerMethodField()

    class Meta(InterventionListSerializer.Meta):
        fields = [*INTERVENTION_FIELDS, "conflicts"]

    @extend_schema_field(ConflictSerializer(many=True))
    def get_conflicts(self, intervention):
        conflicts = getattr(intervention, "planned_conflicts", None)
        if conflicts is None:
            conflicts = selectors.intervention_conflicts(intervention=intervention)
        visible = set(
            Intervention.objects.visible_to(self.user)
            .filter(pk__in=[c.pk for c in conflicts])
            .values_list("pk", flat=True)
        )
        return ConflictSerializer([c for c in conflicts if c.pk in visible], many=True).data

    def validate(self, attrs):
        if self.instance is not None:
            services.intervention_require_change(self.user, self.instance)
            organisations = services.intervention_organisations(self.instance)
            require_owner_change(
                self.user, self.instance, attrs, organisations[0] if organisations else None
            )
        return attrs

    def create(self, validated_data):
        intervention, conflicts = services.intervention_plan(planned_by=self.user, **validated_data)
        intervention.planned_conflicts = conflicts
        return intervention

    def update(self, instance, validated_data):
        return services.intervention_update(
            intervention=instance, updated_by=self.user, **validated_data
        )


class InterventionFilter(SearchFilterSet):
    search_fields = ("title", "objective", "intended_outcome")
    organisation = IdFilter(field_name="organisation_id")
    community = IdFilter(field_name="community_id")
    contact = IdFilter(field_name="contacts")
    owner = IdFilter(field_name="owner_id")
    unit = IdFilter(field_name="unit_id")
    active_on = filters.DateFilter(method="filter_active_on", label="Running on this date")

    class Meta:
        model = Intervention
        fields = ["status", "purpose", "tier", "target_kind"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(starts_on__lte=value, ends_on__gte=value)


@extend_schema_view(
    **crud_schema(InterventionSerializer, list_serializer=InterventionListSerializer)
)
class InterventionViewSet(ApiViewSet):
    """Planned engagements. Responses carry `conflicts`: overlapping open interventions on the
    same target by another unit (the list leaves them out: ask for one intervention)."""

    queryset = Intervention.objects.none()
    filterset_class = InterventionFilter

    def get_queryset(self):
        user = self.request.user
        # An intervention aimed at contacts may name some behind a fence the user is not on:
        # those ids are left out rather than revealed.
        return Intervention.objects.visible_to(user).prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.visible_to(user))
        )

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        # Refused before the body is read: who may not change it learns nothing more.
        if self.action in ("update", "partial_update", "destroy"):
            services.intervention_require_change(request.user, obj)

    def get_serializer_class(self):
        return InterventionListSerializer if self.action == "list" else InterventionSerializer

    def perform_destroy(self, instance):
        services.intervention_delete(intervention=instance, deleted_by=self.request.user)
