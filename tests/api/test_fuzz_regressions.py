"""Failures found by fuzzing the API from its schema (.ci/fuzz), each kept as a plain test."""

import pytest

from interventions.models import Intervention
from scorecard.models import Alert, Measure
from tests import factories


@pytest.mark.parametrize("resource", ["contacts", "organisations", "interactions"])
def test_options_on_a_conditional_resource_is_not_a_server_error(client_for, admin_user, resource):
    # OPTIONS reads the object under a cloned PUT: it used to lock the row outside a
    # transaction (500) and to apply If-Match.
    org = factories.OrganisationFactory()
    row = {
        "contacts": lambda: factories.ContactFactory(organisation=org),
        "organisations": lambda: org,
        "interactions": lambda: factories.InteractionFactory(organisation=org),
    }[resource]()
    response = client_for(admin_user).options(
        f"/api/v1/{resource}/{row.pk}/", HTTP_IF_MATCH='"999"'
    )
    assert response.status_code == 200, response.content


def test_planning_with_an_outcome_is_a_400(client_for, owner):
    org = factories.OrganisationFactory()
    response = client_for(owner).post(
        "/api/v1/interventions/",
        {
            "title": "Quarterly review",
            "purpose": "develop",
            "objective": "Agree the roadmap.",
            "intended_outcome": "A signed plan.",
            "starts_on": "2026-03-01",
            "ends_on": "2026-03-31",
            "organisation": org.pk,
            "actual_outcome": "Done already",
            "outcome_rating": "achieved",
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"actual_outcome", "outcome_rating"}
    assert not Intervention.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", 0),
        ("notes", 12),
        ("is_key_account", "true"),
        ("is_key_account", 1),
        ("influence", "3"),
        ("influence", 3.0),
        ("influence", True),
        ("parent", "{parent}"),
        ("communities", ["{community}"]),
    ],
)
def test_values_of_the_wrong_json_type_are_refused(client_for, admin_user, field, value):
    # DRF would coerce these ("3" → 3, 0 → "0", "12" → the row 12); the schema promises the
    # JSON type.
    ids = {
        "parent": factories.OrganisationFactory().pk,
        "community": factories.CommunityFactory().pk,
    }
    if isinstance(value, str) and value.startswith("{"):
        value = value.format(**ids)
    elif isinstance(value, list):
        value = [item.format(**ids) for item in value]
    body = {"name": "Typed Ltd", field: value}
    response = client_for(admin_user).post("/api/v1/organisations/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_values_of_the_right_json_type_are_accepted(client_for, admin_user):
    parent = factories.OrganisationFactory()
    community = factories.CommunityFactory()
    response = client_for(admin_user).post(
        "/api/v1/organisations/",
        {
            "name": "Typed Ltd",
            "notes": "",
            "is_key_account": True,
            "influence": 3,
            "parent": parent.pk,
            "communities": [community.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content


def test_id_filters_are_documented_as_positive(client_for, admin_user):
    schema = client_for(admin_user).get("/api/v1/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/contacts/"]["get"]["parameters"]}
    assert parameters["organisation"]["schema"]["minimum"] == 1


def test_communities_as_an_object_is_refused(client_for, admin_user):
    community = factories.CommunityFactory()
    response = client_for(admin_user).post(
        "/api/v1/organisations/",
        {"name": "Typed Ltd", "communities": {str(community.pk): True}},
        format="json",
    )
    assert response.status_code == 400 and "communities" in response.json()


@pytest.mark.parametrize(
    "query",
    [
        "updated_after=",
        "organisation=",
        "seniority=",
        "page_size=null",
        "page_size=0",
        "page_size=-3",
    ],
)
def test_empty_or_unreadable_list_parameters_are_a_400(client_for, admin_user, query):
    response = client_for(admin_user).get(f"/api/v1/contacts/?{query}")
    assert response.status_code == 400, response.content


@pytest.mark.parametrize("value", ["", "5.5", "yes"])
def test_a_boolean_filter_takes_true_or_false(client_for, admin_user, value):
    assert client_for(admin_user).get(f"/api/v1/issues/?escalated={value}").status_code == 400
    assert client_for(admin_user).get("/api/v1/issues/?escalated=true").status_code == 200


def test_an_empty_text_filter_still_matches_anything(client_for, admin_user):
    factories.ContactFactory()
    response = client_for(admin_user).get("/api/v1/contacts/?search=&external_id=")
    assert response.status_code == 200 and response.json()["count"] == 1


def test_a_large_page_size_is_still_clamped(client_for, admin_user):
    response = client_for(admin_user).get("/api/v1/contacts/?page_size=5000")
    assert response.status_code == 200


@pytest.mark.parametrize("offset", ["+19:24", "-19:06"])
def test_updated_after_with_any_offset_python_reads(client_for, admin_user, offset):
    # PostgreSQL refuses offsets beyond ±15:59; the filter compares in UTC.
    factories.ContactFactory()
    response = client_for(admin_user).get(
        "/api/v1/contacts/", {"updated_after": f"2000-01-01T00:00:00{offset}"}
    )
    assert response.status_code == 200 and response.json()["count"] == 1


@pytest.mark.parametrize("name", ["scope", "period"])
def test_an_empty_scorecard_parameter_is_a_400(client_for, admin_user, name):
    response = client_for(admin_user).get(f"/api/v1/scorecard/?{name}=")
    assert response.status_code == 400


def test_measures_filter_by_perspective_id(client_for, admin_user):
    client = client_for(admin_user)
    assert client.get("/api/v1/measures/?perspective=0").status_code == 400
    assert client.get("/api/v1/measures/?perspective=999999").status_code == 200


def test_an_empty_bulk_batch_is_documented_as_refused(client_for, admin_user):
    schema = client_for(admin_user).get("/api/v1/schema/?format=json").json()
    request = schema["components"]["schemas"]["ContactBulkRequestRequest"]["properties"]["contacts"]
    assert request["minItems"] == 1


def test_text_inputs_are_documented_free_of_nul(client_for, admin_user):
    schema = client_for(admin_user).get("/api/v1/schema/?format=json").json()
    title = schema["components"]["schemas"]["InterventionRequest"]["properties"]["title"]
    assert "\\x00" in title["pattern"]


def test_an_empty_page_is_not_found(client_for, admin_user):
    assert client_for(admin_user).get("/api/v1/accounts/?page=").status_code == 404


def test_website_is_documented_as_a_web_address_or_empty(client_for, admin_user):
    client = client_for(admin_user)
    schema = client.get("/api/v1/schema/?format=json").json()
    website = schema["components"]["schemas"]["OrganisationRequest"]["properties"]["website"]
    assert "^(https?|ftps?)://" in str(website) and "'format'" not in str(website)
    for url, status in [("", 201), ("https://example.org/about", 201), ("a:b", 400)]:
        response = client.post(
            "/api/v1/organisations/", {"name": f"Site {url}", "website": url}, format="json"
        )
        assert response.status_code == status, response.content


@pytest.mark.parametrize(
    "query",
    ["/api/v1/audit-events/?since=", "/api/v1/tokens/?revoked=null", "/api/v1/tokens/?user="],
)
def test_trust_endpoints_refuse_empty_or_unreadable_filters(client_for, admin_user, query):
    assert client_for(admin_user).get(query).status_code == 400


def test_a_token_name_must_be_a_string(client_for, owner):
    response = client_for(owner).post("/api/v1/tokens/", {"name": 0}, format="json")
    assert response.status_code == 400


def test_history_documents_its_400(client_for, admin_user):
    schema = client_for(admin_user).get("/api/v1/schema/?format=json").json()
    for path in ("/api/v1/organisations/{id}/history/", "/api/v1/contacts/{id}/history/"):
        assert "400" in schema["paths"][path]["get"]["responses"]


def test_a_scope_filter_holding_a_percent_sign_is_a_400(client_for, executive):
    response = client_for(executive).get("/api/v1/alerts/?scope=%25s%25d")
    assert response.status_code == 400 and "scope" in response.json()


def test_an_alerts_note_must_be_a_string(client_for, executive):
    alert = Alert.objects.create(
        measure=Measure.objects.get(code="open_issues"), scope_kind="company", period="2026-Q4",
        previous_period="2026-Q3", value=9, previous_value=2, message="m", severity="high",
    )  # fmt: skip
    response = client_for(executive).patch(
        f"/api/v1/alerts/{alert.pk}/", {"note": 0}, format="json"
    )
    assert response.status_code == 400 and "note" in response.json()


@pytest.mark.parametrize("query", ["", "?format=csv", "?format=xlsx"])
def test_an_undeclared_method_is_a_405_whatever_format_is_asked(client_for, owner, query):
    response = client_for(owner).generic("TRACE", f"/api/v1/users/{query}")
    assert response.status_code == 405


def test_a_page_past_the_end_of_imports_is_a_documented_404(client_for, owner):
    response = client_for(owner).get("/api/v1/imports/?page=0")
    assert response.status_code == 404


@pytest.mark.parametrize("query", ["format=", "format=pdf", "format=xlsx&page_size=abc"])
def test_a_bad_format_or_paging_parameter_is_a_400_for_exports_too(client_for, owner, query):
    # The export is not paged, but takes the list's parameters as the schema declares them.
    response = client_for(owner).get(f"/api/v1/issues/?{query}")
    assert response.status_code in (400, 404)
    assert response["Content-Type"].startswith("application/json")
    assert client_for(owner).get("/api/v1/issues/?format=xlsx&page_size=5").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/feedback/%00/%00/", "/survey/%00/", "/organisations/%00/", "/api/v1/contacts/%00/"],
)
def test_a_nul_in_the_path_is_a_404_never_a_server_error(client, admin_user, path):
    # PostgreSQL refuses text with NUL; a path holding one names nothing.
    client.force_login(admin_user)
    response = client.get(path)
    assert response.status_code == 404
    if path.startswith("/api/"):
        assert response.json() == {"detail": "Not found.", "code": "not_found"}


@pytest.mark.parametrize("path", ["/contacts/", "/search/", "/api/v1/contacts/"])
def test_a_nul_in_a_query_parameter_is_a_400_that_says_so(client, admin_user, path):
    factories.ContactFactory(last_name="Petrov")
    client.force_login(admin_user)
    response = client.get(path, {"q": "Pet\x00rov", "search": "\x00"})
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json()["detail"] == "A query parameter holds a NUL character."
    else:
        assert "could not read this request" in response.content.decode()
    assert client.get(path, {"q": "Petrov"}).status_code == 200
