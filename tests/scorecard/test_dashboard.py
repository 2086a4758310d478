import pytest

from scorecard.services import scorecard_compute
from tests import factories
from tests.scorecard.conftest import MARCH


def test_dashboard_shows_overall_score_perspectives_and_measures(client, world, executive):
    scorecard_compute(periods=[MARCH], scopes=list(world.scopes.values()))
    client.force_login(executive)
    response = client.get("/scorecard/?period=2026-03")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-labelledby="overall-label"' in body and ">Overall score<" in body
    for name in ("Organisation", "People", "Interventions", "Processes &amp; Systems"):
        assert f">{name}</h2>" in body
    assert "Late-delivery complaints at key accounts" in body
    assert '<svg class="spark"' in body
    assert "response rate 75%" in body


@pytest.mark.parametrize(
    "query",
    ["period=2026-13", "period=garbage", "period=2026-Q5", "scope=planet:3", "scope=account:x"],
)
def test_bad_period_or_scope_is_a_400_page_that_says_why(client, executive, query):
    client.force_login(executive)
    response = client.get(f"/scorecard/?{query}")
    assert response.status_code == 400
    assert "is not a" in response.content.decode()


def test_unknown_scope_is_404(client, executive):
    client.force_login(executive)
    assert client.get("/scorecard/?scope=community:999999").status_code == 404


def test_fenced_account_scope_is_404_for_an_outsider(client, fenced_account, outsider, owner):
    client.force_login(outsider)
    assert client.get(f"/scorecard/?scope=account:{fenced_account.pk}").status_code == 404
    client.force_login(owner)
    assert client.get(f"/scorecard/?scope=account:{fenced_account.pk}").status_code == 200


def test_anonymous_is_sent_to_login(client, db):
    assert client.get("/scorecard/").status_code == 302


@pytest.mark.parametrize("accounts", [1, 10, 100])
def test_dashboard_query_count_is_constant(client, executive, django_assert_num_queries, accounts):
    for account in factories.AccountFactory.create_batch(accounts):
        factories.IssueFactory(organisation=account.organisation)
    scorecard_compute(periods=[MARCH])
    client.force_login(executive)
    # session, user, staff profile (role); measures with perspectives; observations;
    # alerts; communities, units, key accounts for the pickers.
    with django_assert_num_queries(9):
        assert client.get("/scorecard/?period=2026-Q1").status_code == 200


@pytest.mark.parametrize("accounts", [1, 10, 100])
def test_dashboard_query_count_is_constant_for_an_account_manager(
    client, owner, fenced_account, django_assert_num_queries, accounts
):
    for account in factories.AccountFactory.create_batch(accounts):
        factories.IssueFactory(organisation=account.organisation)
    scorecard_compute(periods=[MARCH])
    client.force_login(owner)
    # session, user, staff profile (role); measures with perspectives; observations;
    # alerts (fenced accounts' left out in the same query); communities, units, key accounts.
    with django_assert_num_queries(9):
        response = client.get("/scorecard/?period=2026-Q1")
    assert response.status_code == 200
