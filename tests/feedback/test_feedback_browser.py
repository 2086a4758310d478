"""In a browser (Debian's chromium): someone files a complaint without an account, follows it
by its private link, and sees our public reply once we have placed the issue; at desktop and
phone width, with nothing scrolling sideways. Screenshots go to test-artifacts/."""

import pytest

from interventions.models import Issue
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_filing_and_following_a_complaint(page, login, screenshot, settings, viewport):
    settings.RELMAP_ORGANISATION_NAME = "Northwind Freight"
    settings.RELMAP_PUBLIC_RATE_LIMIT = "1000/hour"
    size = PHONE if viewport == "phone" else DESKTOP
    amy = factories.UserFactory(username="amy", first_name="Amy", last_name="Archer")
    account = factories.AccountFactory(
        organisation__name="Acme Steel and Shipbuilding International Holdings", manager=amy
    )
    page.set_viewport_size(size)
    page.goto("/feedback/")
    assert "Northwind Freight" in page.locator("header").inner_text()
    assert _fits(page)
    screenshot(f"feedback-{viewport}")
    page.get_by_label("Category").select_option(label="Late delivery")
    page.get_by_label("What happened").fill("The pallets came three days late.")
    page.get_by_label("Organisation").fill("Acme Steel")
    page.get_by_role("button", name="Send report").click()
    status = page.get_by_role("status")
    assert "Your case reference is FB-" in status.inner_text()
    assert _fits(page)
    screenshot(f"feedback-received-{viewport}")
    followup = page.locator(".case-link a").get_attribute("href")
    issue = Issue.objects.get()
    assert issue.reference in status.inner_text()

    page.goto(followup)
    assert page.locator("#case-status").inner_text() == "Received"
    assert _fits(page)

    # Our side: the triage queue, placing the issue, an internal note and a public reply.
    page.context.clear_cookies()
    login(amy)
    page.goto("/issues/?triage=1")
    with page.expect_navigation():
        link = f"{issue.reference}: The pallets came three days late."
        page.get_by_role("link", name=link).click()
    assert _fits(page)
    page.get_by_label("Organisation", exact=True).select_option(str(account.organisation_id))
    page.get_by_label("Severity").select_option("high")
    page.get_by_role("button", name="Save placing").click()
    assert "Issue placed" in page.get_by_role("status").inner_text()
    page.get_by_label("Reply or note").fill("Depot short of drivers that week.")
    page.get_by_role("button", name="Add").click()
    page.get_by_label("Reply or note").fill("Sorry: your next three deliveries are booked early.")
    page.get_by_label("Public reply: the reporter sees it").check()
    page.get_by_role("button", name="Add").click()
    assert "Reply sent to the reporter" in page.get_by_role("status").inner_text()
    screenshot(f"issue-detail-{viewport}")
    assert _fits(page)

    page.context.clear_cookies()
    page.goto(followup)
    assert page.locator("#case-status").inner_text() == "Being handled"
    assert page.get_by_text("Sorry: your next three deliveries are booked early.").is_visible()
    assert page.get_by_text("Depot short of drivers").count() == 0
    screenshot(f"feedback-case-{viewport}")
    assert _fits(page)
