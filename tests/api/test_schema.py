import json

from django.core.management import call_command

RESOURCES = [
    "communities",
    "organisations",
    "contacts",
    "units",
    "users",
    "accounts",
    "relationships",
    "assessments",
    "interventions",
    "interactions",
    "commitments",
    "issues",
]


def test_schema_validates_without_warnings(tmp_path, db):
    target = tmp_path / "schema.json"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", target
    )
    schema = json.loads(target.read_text())
    for resource in RESOURCES:
        assert f"/api/v1/{resource}/" in schema["paths"], resource
        assert f"/api/v1/{resource}/{{id}}/" in schema["paths"], resource


def test_schema_documents_errors_and_conditional_headers(anon, db):
    schema = anon.get("/api/v1/schema/?format=json", HTTP_ACCEPT="application/json").json()
    contact = schema["paths"]["/api/v1/contacts/{id}/"]
    assert {"200", "304", "401", "404"} <= set(contact["get"]["responses"])
    assert {"200", "400", "401", "403", "404", "412"} <= set(contact["patch"]["responses"])
    assert "ETag" in contact["get"]["responses"]["200"]["headers"]
    assert {"204", "404", "409", "412"} <= set(contact["delete"]["responses"])
    unit_write = schema["paths"]["/api/v1/units/"]["post"]["responses"]
    assert "403" in unit_write
    assert "tokenAuth" in schema["components"]["securitySchemes"]
