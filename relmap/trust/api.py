"""Trust endpoints: audit history, personal-data requests and API tokens (docs/api.md).

History follows the same rules as the objects: a contact's history is there for whoever may see
the contact, an organisation's for whoever may see behind its fence; anything else is a 404.
The whole audit trail, personal-data export and erasure are for administrators only.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.fields import strict
from core.api.filters import IdFilter, IsoDateTimeFilter, StrictFilterSet
from core.api.schema import NOT_FOUND_PAGE, errors
from relmap.trust.personal_data import contact_export
from stakeholders import access, services
from stakeholders.api.permissions import ADMIN_ONLY
from stakeholders.models import Contact, Organisation
from trust.idempotency import withhold_from_replay
from trust.models import ApiToken, AuditEvent
from trust.tokens import api_token_create, api_token_revoke

# --- history --------------------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {},
        "description": "`{field: [before, after]}`; an erasure lists the erased `fields`, a "
        "bulk write summarised gives `count`, `first_id` and `last_id`.",
    }
)
class ChangesField(serializers.JSONField):
    pass


class AuditEventSerializer(serializers.ModelSerializer):
    changes = ChangesField(read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id", "at", "actor", "actor_name", "source", "action", "model", "object_id", "changes"
        ]  # fmt: skip
        read_only_fields = fields


class _HistoryView(generics.ListAPIView):
    """One object's audit events, latest first (the URL's id has at most 18 digits)."""

    serializer_class = AuditEventSerializer
    filter_backends = []


@extend_schema_view(
    get=extend_schema(
        summary="A contact's history",
        responses={200: AuditEventSerializer(many=True), **errors(400, 401), 404: NOT_FOUND_PAGE},
    )
)
class ContactHistoryView(_HistoryView):
    def get_queryset(self):
        user = self.request.user
        return access.get_visible_or_404(Contact.objects, user, pk=self.kwargs["pk"]).history()


@extend_schema_view(
    get=extend_schema(
        summary="An organisation's history",
        description="404 for an organisation behind a picket fence you are not on.",
        responses={200: AuditEventSerializer(many=True), **errors(400, 401), 404: NOT_FOUND_PAGE},
    )
)
class OrganisationHistoryView(_HistoryView):
    def get_queryset(self):
        user = self.request.user
        organisation = get_object_or_404(
            Organisation.objects.visible_to(user), pk=self.kwargs["pk"]
        )
        # Its history holds values behind the fence: the fence hides it like the rest of the detail.
        if access.is_behind_fence(user, organisation):
            raise Http404("No organisation matches the given query.")
        return organisation.history()


class AuditEventFilter(StrictFilterSet):
    model = filters.CharFilter(
        field_name="model", max_length=100, label="Model label, e.g. stakeholders.contact"
    )
    object_id = filters.CharFilter(field_name="object_id", max_length=64)
    actor = IdFilter(field_name="actor_id", label="User id")
    since = IsoDateTimeFilter(field_name="at", lookup_expr="gte")

    class Meta:
        model = AuditEvent
        fields = []


@extend_schema_view(
    list=extend_schema(
        summary="The audit trail (administrators)",
        responses={
            200: AuditEventSerializer(many=True),
            **errors(400, 401, 403),
            404: NOT_FOUND_PAGE,
        },
    ),
    retrieve=extend_schema(
        summary="One audit event (administrators)",
        responses={200: AuditEventSerializer, **errors(401, 403, 404)},
    ),
)
class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """Every recorded write, latest first. Administrators only."""

    lookup_value_regex = r"[0-9]{1,18}"
    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    permission_classes = ADMIN_ONLY


# --- personal data --------------------------------------------------------------------------


def _any_contact(pk) -> Contact:
    # Administrators answer data-subject requests for deleted contacts too: a tombstone still
    # holds personal data until it is erased.
    return get_object_or_404(Contact.objects.select_related("organisation"), pk=pk)


class ContactTombstoneSerializer(serializers.ModelSerializer):
    deleted = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = ["id", "external_id", "deleted", "version", "updated_at"]
        read_only_fields = fields

    def get_deleted(self, contact) -> bool:
        return contact.deleted_at is not None


class ContactExportView(APIView):
    permission_classes = ADMIN_ONLY

    @extend_schema(
        summary="Export a contact's personal data (administrators)",
        description="Everything Relmap holds about the person, as JSON. The export is audited.",
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="contact, organisation, "
                "relationships, interactions, commitments, issues, assessments, history",
            ),
            **errors(401, 403, 404),
        },
    )
    def get(self, request, pk):
        return Response(contact_export(contact=_any_contact(pk)))


class ContactEraseView(APIView):
    permission_classes = ADMIN_ONLY

    @extend_schema(
        summary="Erase a contact's personal data (administrators)",
        description="Cannot be undone. The contact becomes a tombstone (sync clients see it in "
        "`contacts/changes/`); its personal fields are blanked here and in the audit trail.",
        request=None,
        responses={200: ContactTombstoneSerializer, **errors(401, 403, 404)},
    )
    def post(self, request, pk):
        contact = services.contact_erase(contact=_any_contact(pk))
        return Response(ContactTombstoneSerializer(contact).data)


# --- API tokens -----------------------------------------------------------------------------


class ApiTokenSerializer(serializers.ModelSerializer):
    name = strict(serializers.CharField)(max_length=100, required=False, allow_blank=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "user", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = ["id", "prefix", "user", "created_at", "last_used_at", "revoked_at"]


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(read_only=True, help_text="The key: shown this once only.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]


class ApiTokenFilter(StrictFilterSet):
    user = IdFilter(field_name="user_id", label="User id (administrators see everyone's)")
    revoked = filters.BooleanFilter(field_name="revoked_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = ApiToken
        fields = []


@extend_schema_view(
    list=extend_schema(
        summary="API tokens: your own, or everyone's for administrators",
        responses={
            200: ApiTokenSerializer(many=True),
            **errors(400, 401),
            404: NOT_FOUND_PAGE,
        },
    ),
    retrieve=extend_schema(responses={200: ApiTokenSerializer, **errors(401, 404)}),
    create=extend_schema(
        summary="Create a token for yourself",
        request=ApiTokenSerializer,
        responses={201: ApiTokenCreatedSerializer, **errors(400, 401, 415)},
    ),
    destroy=extend_schema(
        summary="Revoke a token",
        description="The token stays listed, with `revoked_at`; requests with it get 401.",
        responses={204: OpenApiResponse(description="Revoked."), **errors(401, 404)},
    ),
    revoke=extend_schema(
        summary="Revoke a token",
        request=None,
        responses={200: ApiTokenSerializer, **errors(401, 404)},
    ),
)
class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Keys for the API. Never the key itself after creation, never its hash."""

    lookup_value_regex = r"[0-9]{1,18}"
    queryset = ApiToken.objects.none()
    serializer_class = ApiTokenSerializer
    filterset_class = ApiTokenFilter

    def get_queryset(self):
        user = self.request.user
        tokens = ApiToken.objects.all()
        # Anyone else's token is a 404: it is not theirs to see.
        return tokens if access.is_admin(user) else tokens.filter(user=user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = api_token_create(
            user=request.user, name=serializer.validated_data.get("name", "")
        )
        data = ApiTokenCreatedSerializer(token).data
        data["key"] = key
        # The key is shown this once: no replay store may keep it.
        return withhold_from_replay(Response(data, status=status.HTTP_201_CREATED))

    def perform_destroy(self, instance):
        api_token_revoke(token=instance)

    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        token = api_token_revoke(token=self.get_object())
        return Response(ApiTokenSerializer(token).data)
