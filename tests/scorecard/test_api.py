import pytest
from rest_framework.test import APIClient

from scorecard.models import Measure
from scorecard.services import scorecard_compute
from tests import factories
from tests.scorecard.conftest import MARCH


@pytest.fixture
def api():
    return APIClient()


def test_scorecard_has_the_contract_shape(api, world, executive):
    scorecard_compute(periods=[MARCH], scopes=list(world.scopes.values()))
    api.force_authenticate(executive)
    response = api.get("/api/v1/scorecard/", {"period": "2026-03", "scope": "company"})
    assert response.status_code == 200
    data = response.json()
    assert {"period", "scope", "score", "status", "perspectives", "alerts"} <= set(data)
    assert data["period"] == "2026-03" and data["scope"] == "company"
    assert data["status"] in {"green", "amber", "red", "no_data"}
    assert 0 <= data["score"] <= 100
    assert [p["name"] for p in data["perspectives"]] == [
        "Organisation",
        "People",
        "Interventions",
        "Processes & Systems",
    ]
    measure = next(
        m
        for p in data["perspectives"]
        for m in p["measures"]
        if m["code"] == "late_delivery_complaints_key_accounts"
    )
    assert {
        "code",
        "name",
        "unit",
        "direction",
        "value",
        "target",
        "threshold",
        "score",
        "status",
        "trend",
    } <= set(measure)
    assert measure["value"] == 2.0 and measure["status"] == "green"
    assert len(measure["trend"]) == 12
    assert measure["trend"][-1] == {"period": "2026-03", "value": 2.0}
    nps = next(m for p in data["perspectives"] for m in p["measures"] if m["code"] == "nps")
    assert nps["response_rate"] == 75.0


def test_scorecard_of_a_community_scope(api, world, executive):
    scorecard_compute(periods=[MARCH], scopes=list(world.scopes.values()))
    api.force_authenticate(executive)
    scope = f"community:{world.community.pk}"
    data = api.get("/api/v1/scorecard/", {"period": "2026-Q1", "scope": scope}).json()
    assert data["scope"] == scope and data["period"] == "2026-Q1"


def test_empty_scorecard_is_no_data_not_zero(api, executive):
    api.force_authenticate(executive)
    data = api.get("/api/v1/scorecard/").json()
    assert data["score"] is None and data["status"] == "no_data"
    assert all(m["value"] is None for p in data["perspectives"] for m in p["measures"])


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"period": "2026-13"}, "bad_period"),
        ({"period": "26-Q1"}, "bad_period"),
        ({"scope": "account:"}, "bad_scope"),
        ({"scope": "galaxy:1"}, "bad_scope"),
    ],
)
def test_bad_input_is_a_400_with_detail_and_code(api, executive, query, code):
    api.force_authenticate(executive)
    response = api.get("/api/v1/scorecard/", query)
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["detail"]


def test_unknown_scope_is_404(api, executive):
    api.force_authenticate(executive)
    response = api.get("/api/v1/scorecard/", {"scope": "unit:987654"})
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_anonymous_gets_401_or_403_not_a_redirect(api, db):
    assert api.get("/api/v1/scorecard/").status_code in (401, 403)
    assert api.get("/api/v1/measures/").status_code in (401, 403)


def test_measures_list_and_retrieve(api, owner):
    api.force_authenticate(owner)
    data = api.get("/api/v1/measures/").json()
    assert data["count"] == 17 and {"count", "next", "previous", "results"} <= set(data)
    nps = Measure.objects.get(code="nps")
    assert api.get(f"/api/v1/measures/{nps.pk}/").json()["code"] == "nps"
    assert api.get("/api/v1/measures/", {"search": "sentiment"}).json()["count"] == 1


def test_only_an_administrator_updates_a_measure(api, owner, admin_user):
    measure = Measure.objects.get(code="open_issues")
    api.force_authenticate(owner)
    assert api.patch(f"/api/v1/measures/{measure.pk}/", {"target": 10}).status_code == 403
    api.force_authenticate(admin_user)
    response = api.patch(f"/api/v1/measures/{measure.pk}/", {"target": 10}, format="json")
    assert response.status_code == 200
    measure.refresh_from_db()
    assert measure.target == 10


def test_threshold_on_the_good_side_is_a_400_not_a_500(api, admin_user):
    measure = Measure.objects.get(code="open_issues")  # lower is better, target 20
    api.force_authenticate(admin_user)
    response = api.patch(f"/api/v1/measures/{measure.pk}/", {"threshold": 5}, format="json")
    assert response.status_code == 400 and "threshold" in response.json()


def test_unknown_source_is_refused(api, admin_user):
    measure = Measure.objects.get(code="open_issues")
    api.force_authenticate(admin_user)
    response = api.patch(f"/api/v1/measures/{measure.pk}/", {"source": "nope"}, format="json")
    assert response.status_code == 400 and "source" in response.json()


@pytest.mark.parametrize("accounts", [1, 10, 100])
def test_scorecard_api_query_count_is_constant(api, executive, django_assert_num_queries, accounts):
    for account in factories.AccountFactory.create_batch(accounts):
        factories.IssueFactory(organisation=account.organisation)
    scorecard_compute(periods=[MARCH])
    api.force_authenticate(executive)
    # measures with perspectives; observations; alerts (the forced user's role is cached)
    with django_assert_num_queries(3):
        assert api.get("/api/v1/scorecard/", {"period": "2026-Q1"}).status_code == 200


@pytest.mark.parametrize("rows", [1, 10, 100])
def test_measure_list_query_count_is_constant(api, owner, django_assert_num_queries, rows):
    perspective = Measure.objects.first().perspective
    for i in range(rows):
        Measure.objects.create(
            perspective=perspective,
            name=f"Manual {i}",
            code=f"manual-{i}",
            unit="count",
            direction="lower_is_better",
            target=1,
            threshold=2,
        )
    api.force_authenticate(owner)
    # count; one page of measures
    with django_assert_num_queries(2):
        assert api.get("/api/v1/measures/").status_code == 200


def test_schema_describes_the_scorecard_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/scorecard/" in schema["paths"]
    assert "/api/v1/measures/{id}/" in schema["paths"]
