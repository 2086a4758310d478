import pytest

from scorecard.models import Alert, Measure, Observation, Perspective
from scorecard.services import scorecard_compute
from tests import factories
from tests.scorecard.conftest import MARCH


@pytest.mark.parametrize("model", [Perspective, Measure, Observation, Alert])
def test_every_scorecard_model_has_an_admin_list(client, admin_user, model):
    client.force_login(admin_user)
    meta = model._meta
    assert client.get(f"/admin/{meta.app_label}/{meta.model_name}/").status_code == 200


def test_admin_changes_a_target(client, admin_user):
    measure = Measure.objects.get(code="escalations")
    client.force_login(admin_user)
    page = client.get(f"/admin/scorecard/measure/{measure.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(target=3, threshold=8, perspective=measure.perspective_id)
    response = client.post(f"/admin/scorecard/measure/{measure.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    measure.refresh_from_db()
    assert (measure.target, measure.threshold) == (3, 8)


def test_admin_enters_a_manual_value(client, admin_user):
    measure = Measure.objects.create(
        perspective=Perspective.objects.get(name="People"),
        name="Training days",
        code="training_days",
        unit="count",
        direction="higher_is_better",
        target=10,
        threshold=5,
    )
    client.force_login(admin_user)
    response = client.post(
        "/admin/scorecard/observation/add/",
        {"measure": measure.pk, "scope_code": "company", "period_code": "2026-03", "value": "7"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    obs = Observation.objects.get(measure=measure)
    assert (obs.period, obs.period_kind, obs.value, obs.entered_by) == (
        "2026-03",
        "month",
        7.0,
        admin_user,
    )


def test_admin_refuses_a_bad_period(client, admin_user):
    measure = Measure.objects.create(
        perspective=Perspective.objects.get(name="People"),
        name="Training days",
        code="training_days",
        unit="count",
        direction="higher_is_better",
        target=10,
        threshold=5,
    )
    client.force_login(admin_user)
    response = client.post(
        "/admin/scorecard/observation/add/",
        {"measure": measure.pk, "scope_code": "company", "period_code": "March", "value": "7"},
    )
    assert response.status_code == 200 and "is not a period" in response.content.decode()


@pytest.mark.parametrize(
    "code",
    [
        "open_issues",
        "key_account_coverage",
        "dormant_executive_relationships",
        "average_sentiment",
        "commitments_kept_pct",
        "interventions_achieved_pct",
        "survey_response_rate",
    ],
)
def test_records_behind_each_kind_of_measure(client, world, executive, code):
    client.force_login(executive)
    response = client.get(f"/scorecard/records/{code}/?period=2026-03&scope=company")
    assert response.status_code == 200


def test_records_of_open_issues_list_the_issues(client, world, executive):
    client.force_login(executive)
    scope = f"account:{world.acct_b.pk}"
    body = client.get(
        f"/scorecard/records/open_issues/?period=2026-03&scope={scope}"
    ).content.decode()
    assert body.count("Late delivery") == 1 and "Borealis" in body


def test_records_of_an_unknown_measure_is_404(client, executive):
    client.force_login(executive)
    assert client.get("/scorecard/records/nope/").status_code == 404


def test_records_with_a_bad_period_is_400(client, executive):
    client.force_login(executive)
    assert client.get("/scorecard/records/nps/?period=soon").status_code == 400


@pytest.mark.parametrize("issues", [1, 10, 100])
def test_records_query_count_is_constant(client, executive, django_assert_num_queries, issues):
    org = factories.OrganisationFactory()
    factories.IssueFactory.create_batch(issues, organisation=org, opened_at=MARCH.bounds()[0])
    client.force_login(executive)
    # session, user, staff profile; measure; issues with their organisations
    with django_assert_num_queries(5):
        page = client.get("/scorecard/records/open_issues/?period=2026-03")
    assert page.status_code == 200


def test_compute_then_dashboard_for_every_scope_kind(client, world, executive):
    scorecard_compute(periods=[MARCH], scopes=list(world.scopes.values()))
    client.force_login(executive)
    for scope in world.scopes.values():
        response = client.get(f"/scorecard/?period=2026-03&scope={scope.code}")
        assert response.status_code == 200, scope
