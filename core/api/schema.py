"""What the OpenAPI schema says of every resource: error responses, conditional-request
headers, and the hooks that state what every input refuses."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from core.api.errors import ErrorSerializer
from core.spreadsheets import CSV, XLSX

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
NOT_FOUND_PAGE = OpenApiResponse(ErrorSerializer, description="No such page, or not visible.")

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


EXPORT_FORMAT = OpenApiParameter(
    "format",
    str,
    OpenApiParameter.QUERY,
    enum=["json", "csv", "xlsx"],
    description="csv or xlsx: every row the filters select (not one page) as a spreadsheet.",
)


def list_responses(item) -> dict:
    """A list's 200 in JSON (a page), CSV and Excel (every row)."""
    return {
        (200, "application/json"): item(many=True),
        (200, CSV): OpenApiResponse(OpenApiTypes.STR, description="Every row, as CSV."),
        (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Every row, as Excel."),
    }


def errors(*codes) -> dict:
    """The documented error responses for these status codes."""
    return {code: ERRORS[code] for code in codes}


def crud_schema(serializer, *, list_serializer=None, conditional=False, writes=True):
    """extend_schema_view arguments that document each action's responses, errors included."""
    list_item = list_serializer or serializer
    schema = {
        "list": extend_schema(
            parameters=[EXPORT_FORMAT],
            responses={
                **list_responses(list_item),
                # Errors are JSON whatever format was asked for.
                **{(code, "application/json"): answer for code, answer in errors(400, 401).items()},
                (404, "application/json"): OpenApiResponse(
                    ErrorSerializer, description="No such page."
                ),
            },
        ),
        "retrieve": extend_schema(
            parameters=[IF_NONE_MATCH, ETAG] if conditional else None,
            responses={
                200: serializer,
                **({304: OpenApiResponse(description="Not modified.")} if conditional else {}),
                **errors(401, 404),
            },
        ),
    }
    if writes:
        change_errors = errors(400, 401, 403, 404, 415, *((412,) if conditional else ()))
        schema.update(
            create=extend_schema(
                parameters=[CREATED_ETAG] if conditional else None,
                responses={201: serializer, **errors(400, 401, 403, 415)},
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
                    **errors(401, 403, 404, 409, *((412,) if conditional else ())),
                },
            ),
        )
    return schema


# Text parameters and text fields refuse NUL characters with a 400 (PostgreSQL cannot store
# them), so the schema says so rather than promising any string.
NO_NUL = "^[^\\x00]*$"


# Text that may not be blank needs one character other than white space (it is trimmed).
NO_NUL_NOT_BLANK = "^[^\\x00]*[^\\x00\\s][^\\x00]*$"


def _no_nul(schema: dict) -> str:
    return NO_NUL_NOT_BLANK if schema.get("minLength", 0) >= 1 else NO_NUL


def _is_plain_string(schema: dict) -> bool:
    return schema.get("type") == "string" and not {"pattern", "enum", "format"} & schema.keys()


def document_no_nul(result, generator, request, public):
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and _is_plain_string(parameter["schema"]):
                    parameter["schema"]["pattern"] = _no_nul(parameter["schema"])
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.endswith("Request"):
            continue
        for field in component.get("properties", {}).values():
            if _is_plain_string(field) and not field.get("readOnly"):
                field["pattern"] = _no_nul(field)
    return result
