"""Follow-through in Chromium: working the Due panel from the home page, the alert workflow from
the dashboard, and the bell that tells the assignee."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interventions.models import Commitment
from scorecard.models import Alert, Measure
from scorecard.periods import current_quarter
from stakeholders.models import Relationship
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _amy():
    return factories.UserFactory(
        username="amy", first_name="Amy", last_name="Archer", role__unit__name="Key Accounts"
    )


def test_work_the_due_panel_from_the_home_page(login, page, screenshot):
    amy = _amy()
    account = factories.AccountFactory(organisation__name="Acme Steel", manager=amy)
    org = account.organisation
    carla = factories.ContactFactory(organisation=org, first_name="Carla", last_name="Ruiz")
    rel = factories.RelationshipFactory(staff=amy, contact=carla, tier="executive")
    Relationship.objects.filter(pk=rel.pk).update(
        last_interaction_at=timezone.now() - dt.timedelta(days=84)
    )
    commitment = factories.CommitmentFactory(
        organisation=org, owner=amy, description="Send the revised price list",
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )  # fmt: skip
    issue = factories.IssueFactory(organisation=org, owner=amy, summary="Pallets arrived late")
    login(amy)
    due = page.get_by_role("region", name="Due")
    expect(due).to_contain_text("About to go dormant")
    expect(due).to_contain_text("Send the revised price list")
    expect(due.locator(".overdue")).to_have_text("overdue")
    screenshot("due")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("due-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})

    due.get_by_role("button", name="Mark “Send the revised price list” kept").click()
    page.wait_for_url("**/")
    expect(page.get_by_role("status")).to_contain_text("Kept")
    expect(page.get_by_role("region", name="Due")).not_to_contain_text("Send the revised price")
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.KEPT

    page.get_by_label("Resolution of “Pallets arrived late”").fill("Sent by air freight")
    page.get_by_role("region", name="Due").get_by_role("button", name="Resolve").click()
    page.wait_for_url("**/")
    expect(page.get_by_role("region", name="Due")).not_to_contain_text("Pallets arrived late")
    issue.refresh_from_db()
    assert issue.resolved_at is not None and issue.resolution == "Sent by air freight"

    page.get_by_role("link", name="Log an interaction with Carla Ruiz").click()
    expect(page.get_by_role("checkbox", name="Carla Ruiz")).to_be_checked()


def test_an_alert_is_assigned_acknowledged_and_resolved(login, page, screenshot):
    amy = _amy()
    erin = factories.UserFactory(
        username="erin", first_name="Erin", last_name="Exec", role="executive"
    )
    quarter = current_quarter()
    alert = Alert.objects.create(
        measure=Measure.objects.get(code="open_issues"), scope_kind="company", scope_id=0,
        period=quarter.code, previous_period=quarter.previous().code, value=18,
        previous_value=6, message="Open issues: 18 this quarter, up from 6 (+200%)",
        severity="high",
    )  # fmt: skip
    login(erin)
    page.get_by_role("link", name="Open issues: 18 this quarter, up from 6 (+200%)").click()
    page.wait_for_url("**/scorecard/alerts/**")
    row = page.locator(f"#alert-{alert.pk}")
    row.get_by_label("Assign “Open issues: 18 this quarter, up from 6 (+200%)” to").select_option(
        label="Amy Archer"
    )
    row.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("status")).to_contain_text("Assigned to Amy Archer.")
    row = page.locator(f"#alert-{alert.pk}")
    row.get_by_role("button", name="Acknowledge").click()
    # The browser asks for the note first (the field is required); nothing was sent.
    assert Alert.objects.get(pk=alert.pk).status == "open"
    row.get_by_label("What is being done").fill("Amy is calling the three biggest accounts")
    row.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(f"#alert-{alert.pk} .badge").first).to_have_text("Acknowledged")
    expect(page.locator(f"#alert-{alert.pk}")).to_contain_text("Amy is calling")
    screenshot("alert-acknowledged")
    page.get_by_role(
        "button", name="Resolve “Open issues: 18 this quarter, up from 6 (+200%)”"
    ).click()
    expect(page.locator(f"#alert-{alert.pk} .badge").first).to_have_text("Resolved")
    assert Alert.objects.get(pk=alert.pk).status == "resolved"

    # Amy hears of it under the bell, and it opens where she can act.
    page.context.clear_cookies()
    login(amy)
    bell = page.get_by_role("link", name="Notifications: 1 unread")
    expect(bell).to_be_visible()
    screenshot("bell")
    bell.click()
    page.get_by_role(
        "link",
        name="Erin Exec asked you to look at: Open issues: 18 this quarter, up from 6 (+200%)",
    ).click()
    page.wait_for_url(f"**/scorecard/alerts/**#alert-{alert.pk}")
    expect(page.locator(f"#alert-{alert.pk}")).to_contain_text("Amy is calling")
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    screenshot("alerts-from-the-bell")
