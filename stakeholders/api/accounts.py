"""`accounts/`: our relationship with a top-level organisation, and its picket fence."""

from drf_spectacular.utils import extend_schema_view
from rest_framework import exceptions, serializers

from core.api.filters import IdFilter, SearchFilterSet
from core.api.routing import ApiViewSet
from core.api.schema import crud_schema
from core.api.serializers import ApiModelSerializer
from stakeholders import access, services
from stakeholders.api.permissions import require_manage, require_write
from stakeholders.models import Account


class AccountSerializer(ApiModelSerializer):
    class Meta:
        model = Account
        fields = [
            "id",
            "organisation",
            "manager",
            "current_level",
            "target_level",
            "is_fenced",
            "team",
            "strategy",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None and attrs.get("organisation", self.instance.organisation) != (
            self.instance.organisation
        ):
            raise serializers.ValidationError(
                {"organisation": ["An account's organisation cannot be changed."]}
            )
        if self.instance is not None:
            require_write(self.user, self.instance.organisation)
        refused = access.account_guarded_changes(self.user, self.instance, attrs)
        if refused:
            raise exceptions.PermissionDenied(
                "Only administrators and the account's manager may change "
                + ", ".join(refused)
                + "."
            )
        return attrs

    def create(self, validated_data):
        return services.account_upsert(**validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("organisation", None)
        return services.account_upsert(organisation=instance.organisation, **validated_data)


class AccountFilter(SearchFilterSet):
    search_fields = ("organisation__name", "strategy")
    organisation = IdFilter(field_name="organisation_id")
    manager = IdFilter(field_name="manager_id")
    team = IdFilter(field_name="team")

    class Meta:
        model = Account
        fields = ["is_fenced", "current_level", "target_level"]


@extend_schema_view(**crud_schema(AccountSerializer))
class AccountViewSet(ApiViewSet):
    """Our relationship with a top-level organisation: levels, manager and picket fence."""

    queryset = Account.objects.none()
    serializer_class = AccountSerializer
    filterset_class = AccountFilter

    def get_queryset(self):
        return Account.objects.visible_to(self.request.user).prefetch_related("team")

    def perform_destroy(self, instance):
        require_manage(
            self.request.user,
            instance,
            "Only administrators and the account's manager may delete it.",
        )
        services.account_delete(account=instance)
