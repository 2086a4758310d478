"""`contacts/`: the people on the stakeholders' side (sync: `stakeholders/api/sync.py`)."""

from drf_spectacular.utils import extend_schema_view

from core.api.conditional import ConditionalMixin
from core.api.filters import IdFilter, SearchFilterSet
from core.api.routing import ApiViewSet
from core.api.schema import crud_schema
from core.api.serializers import ApiModelSerializer
from stakeholders import services
from stakeholders.api.permissions import require_write
from stakeholders.api.who_knows import who_knows_action
from stakeholders.models import Contact
from stakeholders.sync import CONTACT_SYNC_FIELDS
from stakeholders.who_knows import for_contact


class ContactSerializer(ApiModelSerializer):
    """A contact with exactly the contract's fields (the sync endpoints share it).

    To validate input it needs `context={"request": request}`: the organisation must be one
    the requesting user may see and write at.
    """

    class Meta:
        model = Contact
        # The contract's fields, the same list the changes feed serves.
        fields = list(CONTACT_SYNC_FIELDS)
        read_only_fields = ["version", "created_at", "updated_at"]
        # Uniqueness among live contacts is the service's to check (tombstones keep theirs).
        extra_kwargs = {"external_id": {"validators": []}}

    def validate_external_id(self, value):
        return value or None

    def validate(self, attrs):
        if self.instance is not None:
            require_write(self.user, self.instance.organisation)
        if "organisation" in attrs:
            require_write(self.user, attrs["organisation"])
        return attrs

    def create(self, validated_data):
        return services.contact_create(**validated_data)

    def update(self, instance, validated_data):
        return services.contact_update(contact=instance, **validated_data)


class ContactFilter(SearchFilterSet):
    search_fields = ("first_name", "last_name", "email", "job_title")
    organisation = IdFilter(field_name="organisation_id")

    class Meta:
        model = Contact
        fields = ["seniority", "external_id", "email"]


@extend_schema_view(**crud_schema(ContactSerializer, conditional=True))
class ContactViewSet(ConditionalMixin, ApiViewSet):
    """People on the stakeholders' side. DELETE leaves a tombstone for sync clients."""

    queryset = Contact.objects.none()
    serializer_class = ContactSerializer
    filterset_class = ContactFilter

    def get_queryset(self):
        return Contact.objects.visible_to(self.request.user)

    who_knows = who_knows_action(for_contact)

    def perform_destroy(self, instance):
        require_write(self.request.user, instance.organisation)
        services.contact_delete(contact=instance)
