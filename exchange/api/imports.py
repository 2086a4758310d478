"""`imports/`: a spreadsheet sent as multipart, checked (`dry_run`) or imported; its outcome,
its progress while it runs in the background, and `imports/{id}/undo/`."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.errors import Conflict, ErrorSerializer
from core.api.schema import NOT_FOUND_PAGE, errors
from exchange import services
from exchange.models import ImportBatch


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (UTF-8 or Windows-1252) or Excel (.xlsx).")
    kind = serializers.ChoiceField(choices=ImportBatch.Kind.choices)
    dry_run = serializers.BooleanField(default=False, help_text="Check only; change nothing.")
    create_missing_organisations = serializers.BooleanField(default=False)
    valid_rows_only = serializers.BooleanField(
        default=False, help_text="Import the valid rows; without it one error imports nothing."
    )


class CountsSerializer(serializers.Serializer):
    created = serializers.IntegerField(default=0)
    updated = serializers.IntegerField(default=0)
    unchanged = serializers.IntegerField(default=0)
    errors = serializers.IntegerField(default=0)


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The line of the file (the header is line 1).")
    column = serializers.CharField()
    message = serializers.CharField()


class RefusalSerializer(serializers.Serializer):
    model = serializers.CharField()
    id = serializers.IntegerField()
    label = serializers.CharField()
    reason = serializers.CharField()


class ImportSerializer(serializers.ModelSerializer):
    counts = CountsSerializer()
    errors = RowErrorSerializer(many=True)
    undo_refused = RefusalSerializer(
        many=True, help_text="Rows undo left alone because they changed since the import."
    )

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "kind",
            "status",
            "dry_run",
            "rows",
            "progress",
            "counts",
            "errors",
            "message",
            "file_name",
            "created_at",
            "finished_at",
            "undone_at",
            "undo_refused",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        responses={200: ImportSerializer(many=True), **errors(400, 401), 404: NOT_FOUND_PAGE}
    ),
    retrieve=extend_schema(responses={200: ImportSerializer, **errors(401, 404)}),
    create=extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            201: ImportSerializer,
            **errors(400, 401, 415),
            413: OpenApiResponse(ErrorSerializer, description="The file is too large."),
        },
    ),
    undo=extend_schema(
        request=None,
        responses={
            200: ImportSerializer,
            **errors(401, 404),
            409: OpenApiResponse(ErrorSerializer, description="Nothing to undo (any more)."),
        },
    ),
)
class ImportViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Spreadsheet imports: one's own (administrators see everyone's). Small files are done
    when the answer comes; big ones are `queued`, then `running` with `progress` rows of
    `rows` done."""

    queryset = ImportBatch.objects.none()
    serializer_class = ImportSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        # The file stays in the database: an answer never needs it.
        return ImportBatch.objects.visible_to(self.request.user).defer("content", "preview")

    # A file comes as multipart; the other actions take no body.
    parser_classes = [parsers.MultiPartParser, parsers.FormParser]

    def create(self, request, *args, **kwargs):
        given = ImportRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        upload = data.pop("file")
        batch = services.import_create(
            user=request.user, file_name=upload.name, content=upload.read(), **data
        )
        return Response(ImportSerializer(batch).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        batch = self.get_object()
        try:
            batch = services.import_undo(batch=batch, user=request.user)
        except ValidationError as exc:
            raise Conflict(" ".join(exc.messages)) from None
        return Response(ImportSerializer(batch).data)
