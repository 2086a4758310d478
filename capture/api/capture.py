"""`capture/`: an e-mail (.eml), a mailbox (.mbox) or a calendar (.ics) sent as multipart,
captured at once as the capture page does; the answer says what it did."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import parsers, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from capture.reading import Unreadable
from capture.services import capture_file
from core.api.errors import ErrorSerializer
from core.api.schema import errors
from stakeholders import access


class CaptureRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=".eml, .mbox or .ics.")


class CaptureOutcomeSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="New interactions' items.")
    updated = serializers.IntegerField(help_text="Items captured before that changed (moved).")
    removed = serializers.IntegerField(help_text="Items cancelled since: their interactions go.")
    skipped = serializers.IntegerField(
        help_text="Captured already, cancelled, in the future, private, with none of our "
        "people, or unreadable."
    )
    unmatched = serializers.IntegerField(
        help_text="With our people but no known contact: their addresses are suggested."
    )


class CaptureView(APIView):
    parser_classes = [parsers.MultiPartParser]

    @extend_schema(
        summary="Capture interactions from an e-mail, mailbox or calendar file",
        request={"multipart/form-data": CaptureRequestSerializer},
        responses={
            200: CaptureOutcomeSerializer,
            **errors(400, 401, 415),
            413: OpenApiResponse(ErrorSerializer, description="The file is too large."),
        },
    )
    def post(self, request):
        given = CaptureRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        upload = given.validated_data["file"]
        try:
            outcome = capture_file(
                upload,
                upload.name,
                by=request.user,
                restrict=not access.sees_everything(request.user),
            )
        except Unreadable as error:
            raise serializers.ValidationError({"file": [str(error)]}) from None
        return Response(CaptureOutcomeSerializer(outcome.counts()).data)
