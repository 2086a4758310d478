"""REST API v1 for interventions, interactions, commitments and issues.

Creating goes through `interventions.services`, which check the picket fence (403) and the
rules of each workflow; what a user may not see is a 404 and, referred to by id, "does not
exist".
"""

from django.db import transaction
from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field, extend_schema_view
from rest_framework import serializers

from interventions import selectors, services
from interventions.models import Commitment, Interaction, Intervention, Issue
from stakeholders.api import (
    ApiModelSerializer,
    ApiViewSet,
    ConditionalMixin,
    IdFilter,
    IsoDateTimeFilter,
    SearchFilterSet,
    crud_schema,
    plain_save,
    require_owner_change,
    require_write,
)
from stakeholders.models import Contact

TARGET_FIELDS = ("organisation", "community", "contacts")


def _unchangeable(instance, attrs, names, message):
    """400 for each field in `names` that `attrs` would change on `instance`."""
    errors = {}
    for name in names:
        if name not in attrs:
            continue
        new, old = attrs[name], getattr(instance, name)
        if hasattr(old, "all"):
            changed = {o.pk for o in new} != {o.pk for o in old.all()}
        else:
            changed = new != old
        if changed:
            errors[name] = [message]
    if errors:
        raise serializers.ValidationError(errors)


# --- interventions --------------------------------------------------------------------------


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
            _unchangeable(
                self.instance,
                attrs,
                TARGET_FIELDS,
                "An intervention's target cannot be changed; plan a new intervention.",
            )
            organisations = _organisations_of(self.instance)
            for organisation in organisations:
                require_write(self.user, organisation)
            require_owner_change(
                self.user, self.instance, attrs, organisations[0] if organisations else None
            )
        return attrs

    def create(self, validated_data):
        # A plan has no outcome yet: it is recorded when the intervention is closed.
        outcome = {
            name: "An outcome is recorded when the intervention is closed, not when planned."
            for name in ("actual_outcome", "outcome_rating")
            if validated_data.pop(name, None) not in (None, "")
        }
        if outcome:
            raise serializers.ValidationError(outcome)
        intervention, conflicts = services.intervention_plan(planned_by=self.user, **validated_data)
        intervention.planned_conflicts = conflicts
        return intervention

    def update(self, instance, validated_data):
        for name in TARGET_FIELDS:
            validated_data.pop(name, None)
        status = validated_data.get("status")
        closing = instance.is_open and status in (
            Intervention.Status.DONE,
            Intervention.Status.CANCELLED,
        )
        with transaction.atomic():
            if closing:
                validated_data.pop("status")
                instance = services.intervention_close(
                    intervention=instance,
                    closed_by=self.user,
                    status=status,
                    actual_outcome=validated_data.pop("actual_outcome", instance.actual_outcome),
                    outcome_rating=validated_data.pop("outcome_rating", instance.outcome_rating),
                )
            if validated_data or not closing:
                instance = services.intervention_update(
                    intervention=instance, updated_by=self.user, **validated_data
                )
        return instance


def _organisations_of(intervention):
    if intervention.organisation_id:
        return [intervention.organisation]
    return [c.organisation for c in intervention.contacts.select_related("organisation")]


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

    def get_serializer_class(self):
        return InterventionListSerializer if self.action == "list" else InterventionSerializer

    def perform_destroy(self, instance):
        for organisation in _organisations_of(instance):
            require_write(self.request.user, organisation)
        instance.delete()


# --- interactions ---------------------------------------------------------------------------


class InteractionSerializer(ApiModelSerializer):
    # What was folded into the relationships' strength cannot be rewritten afterwards.
    FOLDED_FIELDS = ("organisation", "contacts", "staff", "tier", "sentiment", "occurred_at")

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
            _unchangeable(
                self.instance,
                attrs,
                self.FOLDED_FIELDS,
                "This cannot be changed once logged; delete the interaction and log it again.",
            )
        return attrs

    def create(self, validated_data):
        return services.interaction_log(logged_by=self.user, **validated_data)

    def update(self, instance, validated_data):
        for name in self.FOLDED_FIELDS:
            validated_data.pop(name, None)
        changed = {k: v for k, v in validated_data.items() if getattr(instance, k) != v}
        if changed:
            instance.version += 1
            plain_save(instance, **changed)
        return instance


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
        require_write(self.request.user, instance.organisation)
        instance.delete()


# --- commitments ----------------------------------------------------------------------------


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
        read_only_fields = ["closed_at", "created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None:
            require_write(self.user, self.instance.organisation)
            require_owner_change(self.user, self.instance, attrs, self.instance.organisation)
        if "organisation" in attrs:
            require_write(self.user, attrs["organisation"])
        return attrs

    def create(self, validated_data):
        status = validated_data.pop("status", Commitment.Status.OPEN)
        with transaction.atomic():
            commitment = services.commitment_record(recorded_by=self.user, **validated_data)
            if status != Commitment.Status.OPEN:
                commitment = services.commitment_set_status(
                    commitment=commitment, updated_by=self.user, status=status
                )
        return commitment

    def update(self, instance, validated_data):
        status = validated_data.pop("status", instance.status)
        with transaction.atomic():
            if validated_data:
                plain_save(instance, **validated_data)
            if status != instance.status:
                instance = services.commitment_set_status(
                    commitment=instance, updated_by=self.user, status=status
                )
        return instance


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
        require_write(self.request.user, instance.organisation)
        instance.delete()


# --- issues ---------------------------------------------------------------------------------


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

    def validate(self, attrs):
        if self.instance is not None:
            require_write(self.user, self.instance.organisation)
            require_owner_change(self.user, self.instance, attrs, self.instance.organisation)
        if "organisation" in attrs:
            require_write(self.user, attrs["organisation"])
        return attrs

    def create(self, validated_data):
        resolved_at = validated_data.pop("resolved_at", None)
        resolution = validated_data.pop("resolution", "")
        with transaction.atomic():
            issue = services.issue_record(recorded_by=self.user, **validated_data)
            if resolved_at is not None:
                issue = services.issue_resolve(
                    issue=issue,
                    resolved_by=self.user,
                    resolution=resolution,
                    resolved_at=resolved_at,
                )
        return issue

    def update(self, instance, validated_data):
        escalated = validated_data.pop("escalated", instance.escalated)
        escalate = escalated and not instance.escalated
        if not escalated and instance.escalated:
            validated_data.update(escalated=False, escalated_at=None)
        resolve = instance.resolved_at is None and validated_data.get("resolved_at") is not None
        with transaction.atomic():
            if resolve:
                resolved_at = validated_data.pop("resolved_at")
                resolution = validated_data.pop("resolution", instance.resolution)
            if validated_data:
                plain_save(instance, **validated_data)
            if escalate:
                instance = services.issue_escalate(issue=instance, escalated_by=self.user)
            if resolve:
                instance = services.issue_resolve(
                    issue=instance,
                    resolved_by=self.user,
                    resolution=resolution,
                    resolved_at=resolved_at,
                )
        return instance


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
        require_write(self.request.user, instance.organisation)
        instance.delete()
