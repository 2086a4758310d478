"""drf-spectacular hooks that state in the schema what every API input refuses."""

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
