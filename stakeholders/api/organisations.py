"""`organisations/`: external organisations and their divisions."""

from drf_spectacular.utils import extend_schema_view

from core.api.conditional import ConditionalMixin
from core.api.filters import IdFilter, SearchFilterSet
from core.api.routing import ApiViewSet
from core.api.schema import crud_schema
from core.api.serializers import ApiModelSerializer
from stakeholders import services
from stakeholders.api.permissions import require_manage, require_write
from stakeholders.api.who_knows import who_knows_action
from stakeholders.models import Account, Organisation
from stakeholders.who_knows import for_organisation


class OrganisationSerializer(ApiModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "external_id",
            "name",
            "parent",
            "root",
            "communities",
            "website",
            "country",
            "is_key_account",
            "lifetime_value",
            "purchasing_ability",
            "reciprocal_potential",
            "influence",
            "complaint_power",
            "nuisance_factor",
            "notes",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["root", "version", "created_at", "updated_at"]

    def validate_external_id(self, value):
        return value or None

    def validate(self, attrs):
        if "parent" in attrs:
            require_write(self.user, attrs["parent"])
        if self.instance is not None:
            require_write(self.user, self.instance)
        return attrs

    def create(self, validated_data):
        return services.organisation_create(**validated_data)

    def update(self, instance, validated_data):
        return services.organisation_update(organisation=instance, **validated_data)


class OrganisationFilter(SearchFilterSet):
    search_fields = ("name", "website", "notes")
    parent = IdFilter(field_name="parent_id")
    community = IdFilter(field_name="communities")

    class Meta:
        model = Organisation
        fields = ["is_key_account", "country", "external_id"]


@extend_schema_view(**crud_schema(OrganisationSerializer, conditional=True))
class OrganisationViewSet(ConditionalMixin, ApiViewSet):
    """External organisations and their divisions (`parent`); `root` is the top of the tree."""

    queryset = Organisation.objects.none()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter

    def get_queryset(self):
        return Organisation.objects.visible_to(self.request.user).prefetch_related("communities")

    who_knows = who_knows_action(for_organisation)

    def perform_destroy(self, instance):
        user = self.request.user
        require_write(user, instance)
        account = Account.objects.filter(organisation=instance).first()
        if account is not None:
            require_manage(
                user,
                account,
                "This organisation holds an account: only administrators and the account's "
                "manager may delete it.",
            )
        services.organisation_delete(organisation=instance)
