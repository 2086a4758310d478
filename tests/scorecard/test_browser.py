import datetime as dt

import pytest
from playwright.sync_api import expect

from scorecard.periods import parse
from scorecard.services import scorecard_compute
from tests import factories


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_executive_reads_the_dashboard_and_follows_an_alert(world, page, login, screenshot):
    # A year of history so that the sparklines have something to draw.
    for months_back in range(1, 13):
        day = dt.datetime(2026, 3, 15, tzinfo=dt.UTC) - dt.timedelta(days=30 * months_back)
        for n in range(months_back % 4 + 1):
            factories.InteractionFactory(
                organisation=world.a,
                occurred_at=day,
                sentiment=(n + months_back) % 3 - 1,
                logged_by=world.acct_a.manager,
            )
        factories.IssueFactory.create_batch(
            2 + months_back % 3,
            organisation=world.b,
            opened_at=day,
            resolved_at=day + dt.timedelta(days=months_back),
            category="service",
        )
    # Late deliveries at the key accounts: 6 last quarter, 2 + 9 this quarter.
    factories.IssueFactory.create_batch(
        6, organisation=world.b, opened_at=dt.datetime(2025, 11, 10, tzinfo=dt.UTC)
    )
    factories.IssueFactory.create_batch(
        9, organisation=world.b, opened_at=dt.datetime(2026, 2, 10, tzinfo=dt.UTC)
    )
    scorecard_compute(periods=[parse("2025"), parse("2026-Q1")])
    executive = factories.UserFactory(username="eve", role="executive")

    login(executive)
    page.goto("/scorecard/?period=2026-Q1")
    overall = page.get_by_label("Overall score")
    assert overall.is_visible()
    assert overall.inner_text().strip().isdigit()
    for name in ("Organisation", "People", "Interventions", "Processes & Systems"):
        section = page.get_by_role("region", name=name)
        assert section.get_by_role("heading", name=name).is_visible()
    people = page.get_by_role("region", name="People")
    assert people.get_by_role("img", name="Average sentiment, 12 months").count() == 1
    # One line a measure, however many scopes raised it.
    alert = page.get_by_role(
        "link", name="Late-delivery complaints at key accounts rising at 2 scopes"
    )
    assert alert.is_visible()
    assert "2 open · 2 unassigned" in page.locator(".sc-alerts").inner_text()
    screenshot("dashboard")

    # The dashboard's line leads to the work on the alert, its message to the records behind.
    alert.click()
    page.wait_for_url("**/scorecard/alerts/**measure=late_delivery_complaints_key_accounts*")
    expect(page.locator(".alert-row .badge").first).to_have_text("Open")
    screenshot("alerts")
    page.get_by_role(
        "link", name="Late-delivery complaints at key accounts: 11 this quarter, up from 6 (+83%)"
    ).click()
    page.wait_for_url("**/scorecard/records/late_delivery_complaints_key_accounts/**")
    assert page.get_by_role("heading", name="Late-delivery complaints at key accounts").is_visible()
    assert page.get_by_role("link", name="Borealis").count() == 10
    assert page.get_by_role("link", name="Acme Logistics").count() == 1
    screenshot("records")

    page.goto("/scorecard/?period=2026-Q1")
    page.get_by_label("Scope").select_option(label="Retail")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**scope=community*")
    assert page.get_by_role("heading", name="Scorecard · Retail · Q1 2026").is_visible()
    screenshot("community")
