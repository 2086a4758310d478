"""REST API v1 for stakeholders: serializers, filters and viewsets (routed in relmap/api/urls.py).

Serializers validate the shape of a request and hand it to `stakeholders.services`; every
queryset starts from `visible_to(request.user)` so that what a user may not see is a 404 here
and a "does not exist" where it is referred to by id.
"""

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response

from stakeholders import access, services
from stakeholders.models import (
    Account,
    Assessment,
    Community,
    Contact,
    Organisation,
    Relationship,
    Role,
    Unit,
)
from stakeholders.sync import CONTACT_SYNC_FIELDS

User = get_user_model()

# Long texts get a bound so that one request cannot store megabytes in a notes field.
TEXT_MAX_LENGTH = 20_000
# The largest id a database key can hold; larger ids in filters are a 400, not a crash.
MAX_ID = 2**63 - 1


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource has changed: its ETag no longer matches If-Match."
    default_code = "precondition_failed"


# --- shared building blocks (interventions/api.py uses them too) -------------------------


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()


FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT, description='Bad input: `{"field": ["message"]}` per field.'
)
ERRORS = {
    400: FIELD_ERRORS,
    401: OpenApiResponse(ErrorSerializer, description="No or bad credentials."),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed (e.g. a picket fence)."),
    404: OpenApiResponse(ErrorSerializer, description="Not found, or not visible to you."),
    409: OpenApiResponse(ErrorSerializer, description="Other records still refer to this one."),
    415: OpenApiResponse(ErrorSerializer, description="The body is not application/json."),
    412: OpenApiResponse(ErrorSerializer, description="If-Match does not match the ETag."),
}
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description='Apply only if the resource\'s ETag (`"<version>"`) still matches.',
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    str,
    OpenApiParameter.HEADER,
    description="304 Not Modified if the ETag matches.",
)

ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    description='The resource\'s version, quoted: `"<version>"`.',
    response=[200, 304],
)

CREATED_ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    description='The new resource\'s version, quoted: `"<version>"`.',
    response=[201],
)


def _errors(*codes):
    return {code: ERRORS[code] for code in codes}


def crud_schema(serializer, *, list_serializer=None, conditional=False, writes=True):
    """extend_schema_view arguments that document each action's responses, errors included."""
    list_item = list_serializer or serializer
    schema = {
        "list": extend_schema(
            responses={
                200: list_item(many=True),
                **_errors(400, 401),
                404: OpenApiResponse(ErrorSerializer, description="No such page."),
            },
        ),
        "retrieve": extend_schema(
            parameters=[IF_NONE_MATCH, ETAG] if conditional else None,
            responses={
                200: serializer,
                **({304: OpenApiResponse(description="Not modified.")} if conditional else {}),
                **_errors(401, 404),
            },
        ),
    }
    if writes:
        change_errors = _errors(400, 401, 403, 404, 415, *((412,) if conditional else ()))
        schema.update(
            create=extend_schema(
                parameters=[CREATED_ETAG] if conditional else None,
                responses={201: serializer, **_errors(400, 401, 403, 415)},
            ),
            update=extend_schema(
                parameters=[IF_MATCH, ETAG] if conditional else None,
                responses={200: serializer, **change_errors},
            ),
            partial_update=extend_schema(
                parameters=[IF_MATCH, ETAG] if conditional else None,
                responses={200: serializer, **change_errors},
            ),
            destroy=extend_schema(
                parameters=[IF_MATCH] if conditional else None,
                responses={
                    204: OpenApiResponse(description="Deleted."),
                    **_errors(401, 403, 404, 409, *((412,) if conditional else ())),
                },
            ),
        )
    return schema


def require_write(user, organisation) -> None:
    """403 unless `user` may write at `organisation` (the picket fence, access.can_write_at)."""
    if not access.can_write_at(user, organisation):
        raise exceptions.PermissionDenied(
            access.fence_refusal_message(organisation) or "You may not write here."
        )


def require_owner_change(user, instance, attrs, organisation) -> None:
    """403 when `attrs` hands `instance` to another owner and `user` may not do that.

    Handing a row over is for its current owner, the manager of the organisation's account and
    administrators; anyone who may write there may claim a row that has no owner.
    """
    if instance is None or "owner" not in attrs or attrs["owner"] == instance.owner:
        return
    if access.is_admin(user) or instance.owner_id == user.pk:
        return
    if instance.owner_id is None and attrs["owner"] == user:
        return
    if (
        organisation is not None
        and Account.objects.filter(
            organisation_id=organisation.root_id or organisation.pk, manager=user
        ).exists()
    ):
        return
    raise exceptions.PermissionDenied(
        "Only the current owner, the account's manager and administrators may hand this over."
    )


def _may_manage(user, account) -> bool:
    """Admins and the account's manager decide its fence, team and existence."""
    return access.is_admin(user) or account.manager_id == user.pk


def visible_accounts(user):
    """Accounts whose fenced detail `user` may see (an account sits on a top organisation)."""
    return access.filter_fenced(Account.objects.all(), user, "organisation_id")


class IdListField(serializers.ManyRelatedField):
    """A JSON array of ids; DRF would take the keys of an object ({"3": …}) as ids."""

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """An id that must name an object the requesting user may see, else "does not exist"."""

    def to_internal_value(self, data):
        # An id is a JSON integer, as the schema says: "12" or 12.0 is a 400, not a lookup.
        if type(data) is not int:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)

    @classmethod
    def many_init(cls, *args, **kwargs):
        field = super().many_init(*args, **kwargs)
        field.__class__ = IdListField
        return field

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if request is None:
            # Without a request there is no one to see anything: fail closed.
            return queryset.none()
        user = request.user
        if queryset.model is Account:
            return access.filter_fenced(queryset, user, "organisation_id")
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(user)
        return queryset


def _json_type_ok(field, data) -> bool:
    """Whether `data` has the JSON type the schema gives `field` (DRF would coerce it)."""
    if isinstance(field, serializers.ChoiceField):
        # A choice is the exact JSON value listed: "1" is not the level 1, nor 0 "false".
        return any(type(data) is type(key) and data == key for key in field.choices) or (
            data == "" and field.allow_blank
        )
    if isinstance(field, serializers.CharField):
        return isinstance(data, str)
    if isinstance(field, serializers.BooleanField):
        return isinstance(data, bool)
    if isinstance(field, serializers.IntegerField):
        return type(data) is int
    if isinstance(field, serializers.FloatField):
        return type(data) in (int, float)
    if isinstance(field, serializers.DecimalField):
        # The schema gives decimals as strings ("1200.50"), so that no precision is lost.
        return isinstance(data, str)
    if isinstance(field, serializers.DateField | serializers.DateTimeField):
        return isinstance(data, str)
    return True


class StrictTypeMixin:
    """Refuse values of the wrong JSON type (400) instead of coercing them as DRF does."""

    def to_internal_value(self, data):
        if not _json_type_ok(self, data):
            raise serializers.ValidationError(
                f"Expected {_json_type_name(self)}, got {type(data).__name__}.", code="invalid"
            )
        return super().to_internal_value(data)


def _json_type_name(field) -> str:
    if isinstance(field, serializers.ChoiceField):
        return "one of " + ", ".join(repr(key) for key in field.choices)
    if isinstance(field, serializers.BooleanField):
        return "true or false"
    if isinstance(field, serializers.IntegerField):
        return "an integer"
    if isinstance(field, serializers.FloatField):
        return "a number"
    if isinstance(field, serializers.DecimalField):
        return 'a decimal in a string, e.g. "1200.50"'
    return "a string"


_strict_classes: dict[type, type] = {}


def strict(field_class: type) -> type:
    """`field_class` with StrictTypeMixin in front (one class per field class)."""
    if field_class not in _strict_classes:
        _strict_classes[field_class] = type(
            field_class.__name__, (StrictTypeMixin, field_class), {"__module__": __name__}
        )
    return _strict_classes[field_class]


# What Django's URLValidator accepts, roughly: http(s)/ftp(s) and a host name with a top-level
# domain (the schema's bare "format: uri" promised any URI). A blank field allows "" besides.
WEB_URL_PATTERN = (
    r"^(https?|ftps?)://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,4}[A-Za-z]{2,63}"
    r"(:[1-9][0-9]{0,3})?(/[A-Za-z0-9._~%/-]{0,100})?$"
)


@extend_schema_field({"type": "string", "pattern": WEB_URL_PATTERN, "maxLength": 200})
class WebUrlField(serializers.CharField):
    """A web address or, where the model allows it, the empty string (one pattern says both,
    where drf-spectacular's URLField would give a "format: uri" that the empty string fails)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        # Checked here rather than as a validator, which drf-spectacular would document as
        # "format: uri" next to the pattern.
        if value:
            try:
                URLValidator()(value)
            except DjangoValidationError:
                raise serializers.ValidationError("Enter a valid URL.", code="invalid") from None
        return value


class ApiModelSerializer(serializers.ModelSerializer):
    serializer_related_field = VisibleRelatedField

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.TextField) and "max_length" not in kwargs:
            kwargs["max_length"] = TEXT_MAX_LENGTH
        if field_class is serializers.URLField:
            field_class = WebUrlField
        return strict(field_class), kwargs

    @property
    def user(self):
        return self.context["request"].user


def plain_save(instance, **fields):
    """Write a model that has no service of its own: set, validate like a form, save."""
    for name, value in fields.items():
        setattr(instance, name, value)
    if instance.pk is not None:
        instance.updated_at = timezone.now()
    # Constraints are validated too, so a violation is a 400 rather than an IntegrityError.
    instance.full_clean()
    instance.save()
    return instance


def etag_of(instance) -> str:
    return f'"{instance.version}"'


def _etag_matches(header: str, etag: str) -> bool:
    candidates = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in candidates or etag in candidates


class ConditionalMixin:
    """ETag from `version`; If-None-Match → 304; If-Match on writes → 412 on mismatch.

    The row is locked (SELECT … FOR UPDATE) between the If-Match check and the write, so of
    concurrent writers carrying the same If-Match exactly one succeeds.
    """

    def get_object(self):
        # By action, not method: OPTIONS reads the object under a cloned PUT request, outside
        # the write's transaction, and must neither lock it nor check If-Match.
        writing = self.action in ("update", "partial_update", "destroy")
        if writing:
            self.queryset_for_write = True
        instance = super().get_object()
        if_match = self.request.headers.get("If-Match")
        if if_match is not None and writing and not _etag_matches(if_match, etag_of(instance)):
            raise PreconditionFailed()
        return instance

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if getattr(self, "queryset_for_write", False):
            queryset = queryset.select_for_update(of=("self",))
        return queryset

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        etag = etag_of(instance)
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None and _etag_matches(if_none_match, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(self.get_serializer(instance).data, headers={"ETag": etag})

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().update(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().destroy(request, *args, **kwargs)


class ApiViewSet(viewsets.ModelViewSet):
    # Ids are integers; anything else under a resource is simply not found.
    lookup_value_regex = r"[0-9]+"


# --- filters --------------------------------------------------------------------------------


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.Filter):
    """An integer id (of a foreign key or a many-to-many)."""

    field_class = IdField


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, turned into UTC: PostgreSQL refuses offsets beyond ±15:59."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            raise forms.ValidationError("Date-time out of range.", code="invalid") from None


class IsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class StrictFilterSet(filters.FilterSet):
    """A filter sent is a filter meant: an empty or unreadable value is a 400, not silently
    no filter (text filters may match the empty string)."""

    def is_valid(self):
        valid = super().is_valid()
        for name, filter_ in self.filters.items():
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            for value in values:
                if value == "" and not isinstance(filter_, filters.CharFilter):
                    self.form.add_error(name, "This filter needs a value.")
                    valid = False
                elif isinstance(filter_, filters.BooleanFilter) and value.lower() not in (
                    "true",
                    "false",
                ):
                    self.form.add_error(name, "Use true or false.")
                    valid = False
        return valid


class SearchFilterSet(StrictFilterSet):
    """`?search=` over the text fields in `search_fields`; `?updated_after=` on updated_at."""

    search_fields: tuple[str, ...] = ()

    search = filters.CharFilter(method="filter_search", max_length=200, label="Search")
    updated_after = IsoDateTimeFilter(field_name="updated_at", lookup_expr="gt")

    def filter_search(self, queryset, name, value):
        query = Q()
        for term in value.split():
            term_query = Q()
            for field in self.search_fields:
                term_query |= Q(**{f"{field}__icontains": term})
            query &= term_query
        return queryset.filter(query)


# --- communities ----------------------------------------------------------------------------


class CommunitySerializer(ApiModelSerializer):
    class Meta:
        model = Community
        fields = [
            "id",
            "name",
            "kind",
            "tier",
            "owner_unit",
            "target",
            "objective",
            "intended_outcome",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def create(self, validated_data):
        return plain_save(Community(), **validated_data)

    def update(self, instance, validated_data):
        return plain_save(instance, **validated_data)


class CommunityFilter(SearchFilterSet):
    search_fields = ("name", "target", "objective", "intended_outcome")
    owner_unit = IdFilter(field_name="owner_unit_id")

    class Meta:
        model = Community
        fields = ["kind", "tier"]


@extend_schema_view(**crud_schema(CommunitySerializer))
class CommunityViewSet(ApiViewSet):
    """Stakeholder communities and the strategy we hold for each."""

    queryset = Community.objects.all()
    serializer_class = CommunitySerializer
    filterset_class = CommunityFilter


# --- organisations --------------------------------------------------------------------------


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

    def perform_destroy(self, instance):
        user = self.request.user
        require_write(user, instance)
        account = Account.objects.filter(organisation=instance).first()
        if account is not None and not _may_manage(user, account):
            raise exceptions.PermissionDenied(
                "This organisation holds an account: only administrators and the account's "
                "manager may delete it."
            )
        # `root` points at the organisation itself; clear it so only real references protect.
        with transaction.atomic():
            Organisation.objects.filter(pk=instance.pk).update(root=None)
            instance.delete()


# --- contacts -------------------------------------------------------------------------------


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

    def perform_destroy(self, instance):
        require_write(self.request.user, instance.organisation)
        services.contact_delete(contact=instance)


# --- units and users ------------------------------------------------------------------------


class UnitSerializer(ApiModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "parent", "head", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_parent(self, parent):
        node = parent
        while node is not None and self.instance is not None:
            if node.pk == self.instance.pk:
                raise serializers.ValidationError("A unit cannot be inside itself.")
            node = node.parent
        return parent

    def create(self, validated_data):
        return plain_save(Unit(), **validated_data)

    def update(self, instance, validated_data):
        return plain_save(instance, **validated_data)


class UnitFilter(SearchFilterSet):
    search_fields = ("name",)
    parent = IdFilter(field_name="parent_id")
    head = IdFilter(field_name="head_id")

    class Meta:
        model = Unit
        fields = []


@extend_schema_view(**crud_schema(UnitSerializer))
class UnitViewSet(ApiViewSet):
    """Our own departments. Only administrators may change them."""

    admin_write = True
    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_class = UnitFilter


class UserSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="get_full_name", read_only=True)
    role = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "role", "unit"]
        read_only_fields = ["username"]

    def get_role(self, user) -> str | None:
        return access.role_of(user)

    def get_unit(self, user) -> int | None:
        profile = getattr(user, "staff_profile", None)
        return profile.unit_id if profile is not None else None


class UserFilter(SearchFilterSet):
    search_fields = ("username", "first_name", "last_name")
    username = filters.CharFilter(field_name="username", lookup_expr="iexact", max_length=150)
    role = filters.ChoiceFilter(
        field_name="staff_profile__role", choices=Role.choices, label="Role"
    )
    unit = IdFilter(field_name="staff_profile__unit_id")
    # Users carry no updated_at.
    updated_after = None

    class Meta:
        model = User
        fields = []


@extend_schema_view(**crud_schema(UserSerializer, writes=False))
class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Our people: refer to them by these ids (owners, staff, team members)."""

    lookup_value_regex = r"[0-9]+"
    queryset = User.objects.select_related("staff_profile").order_by("username", "id")
    serializer_class = UserSerializer
    filterset_class = UserFilter


# --- accounts -------------------------------------------------------------------------------


class AccountSerializer(ApiModelSerializer):
    # Who holds the fence is decided by admins and the account's manager only.
    GUARDED_FIELDS = ("is_fenced", "team", "manager")

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
            manager_id = self.instance.manager_id
            changed = [
                name
                for name in self.GUARDED_FIELDS
                if name in attrs and not self._same(name, attrs[name])
            ]
        else:
            manager = attrs.get("manager")
            manager_id = manager.pk if manager else None
            changed = [
                name
                for name in self.GUARDED_FIELDS
                if name in attrs and attrs[name] not in (None, False, [])
            ]
        if changed and not (access.is_admin(self.user) or manager_id == self.user.pk):
            raise exceptions.PermissionDenied(
                "Only administrators and the account's manager may change "
                + ", ".join(changed)
                + "."
            )
        return attrs

    def _same(self, name, value):
        if name == "team":
            return {u.pk for u in value} == {u.pk for u in self.instance.team.all()}
        return getattr(self.instance, name) == value

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
        return visible_accounts(self.request.user).prefetch_related("team")

    def perform_destroy(self, instance):
        if not _may_manage(self.request.user, instance):
            raise exceptions.PermissionDenied(
                "Only administrators and the account's manager may delete it."
            )
        instance.delete()


# --- relationships --------------------------------------------------------------------------


class RelationshipSerializer(ApiModelSerializer):
    class Meta:
        model = Relationship
        fields = [
            "id",
            "staff",
            "contact",
            "tier",
            "owner",
            "purpose",
            "status",
            "strength",
            "last_interaction_at",
            "interaction_count",
            "created_at",
            "updated_at",
        ]
        # Strength and the aggregates are computed from interactions, never written.
        read_only_fields = [
            "strength",
            "last_interaction_at",
            "interaction_count",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs):
        if self.instance is not None:
            require_write(self.user, self.instance.contact.organisation)
            require_owner_change(
                self.user, self.instance, attrs, self.instance.contact.organisation
            )
        if "contact" in attrs:
            require_write(self.user, attrs["contact"].organisation)
        return attrs

    def create(self, validated_data):
        validated_data.setdefault("owner", validated_data.get("staff"))
        return plain_save(Relationship(), **validated_data)

    def update(self, instance, validated_data):
        return plain_save(instance, **validated_data)


class RelationshipFilter(SearchFilterSet):
    search_fields = ("purpose", "contact__first_name", "contact__last_name")
    staff = IdFilter(field_name="staff_id")
    contact = IdFilter(field_name="contact_id")
    owner = IdFilter(field_name="owner_id")
    organisation = IdFilter(field_name="contact__organisation_id")

    class Meta:
        model = Relationship
        fields = ["tier", "status"]


@extend_schema_view(**crud_schema(RelationshipSerializer))
class RelationshipViewSet(ApiViewSet):
    """Our people ↔ their contacts; `strength` and the aggregates are computed, not written."""

    queryset = Relationship.objects.none()
    serializer_class = RelationshipSerializer
    filterset_class = RelationshipFilter

    def get_queryset(self):
        return Relationship.objects.visible_to(self.request.user)

    def perform_destroy(self, instance):
        require_write(self.request.user, instance.contact.organisation)
        instance.delete()


# --- assessments ----------------------------------------------------------------------------


class AssessmentSerializer(ApiModelSerializer):
    class Meta:
        model = Assessment
        fields = [
            "id",
            "account",
            "side",
            "respondent",
            "assessed_by",
            *Assessment.SCORE_FIELDS,
            "stage",
            "nps",
            "comment",
            "requested_at",
            "assessed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None:
            require_write(self.user, self.instance.account.organisation)
        account = attrs.get("account", getattr(self.instance, "account", None))
        if "account" in attrs:
            require_write(self.user, account.organisation)
        respondent = attrs.get("respondent")
        if respondent is not None and account is not None:
            org = respondent.organisation
            if org is None or (org.root_id or org.pk) != account.organisation_id:
                raise serializers.ValidationError(
                    {"respondent": ["The respondent must be a contact of the account."]}
                )
        return attrs

    def create(self, validated_data):
        return plain_save(Assessment(), **validated_data)

    def update(self, instance, validated_data):
        return plain_save(instance, **validated_data)


class AssessmentFilter(SearchFilterSet):
    search_fields = ("comment",)
    account = IdFilter(field_name="account_id")
    respondent = IdFilter(field_name="respondent_id")
    assessed_by = IdFilter(field_name="assessed_by_id")
    answered = filters.BooleanFilter(field_name="assessed_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Assessment
        fields = ["side", "stage"]


@extend_schema_view(**crud_schema(AssessmentSerializer))
class AssessmentViewSet(ApiViewSet):
    """Ratings of account relationships, by us or by them (`side`)."""

    queryset = Assessment.objects.none()
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter

    def get_queryset(self):
        return Assessment.objects.visible_to(self.request.user)

    def perform_destroy(self, instance):
        require_write(self.request.user, instance.account.organisation)
        instance.delete()
