"""The board pack: the scorecard and an account's map download as PDF, printed by Chromium
from the pages themselves."""

import shutil

import pytest
from django.test import Client

from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("chromium"), reason="chromium is not installed"),
]


@pytest.fixture
def browser(owner):
    client = Client()
    client.force_login(owner)
    return client


def test_the_scorecard_downloads_as_pdf(browser):
    response = browser.get("/scorecard/?period=2026-Q1&scope=company&format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 5000
    assert "scorecard-" in response["Content-Disposition"]


def test_an_accounts_map_downloads_as_pdf(browser, fenced_org, outsider):
    response = browser.get(f"/organisations/{fenced_org.pk}/map/?format=pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    # Outside the fence: the page says who holds it, and no PDF of the detail is made.
    other = Client()
    other.force_login(outsider)
    page = other.get(f"/organisations/{fenced_org.pk}/map/?format=pdf")
    assert page["Content-Type"].startswith("text/html")


def test_the_pages_offer_the_pdf(browser):
    org = factories.OrganisationFactory()
    assert "format=pdf" in browser.get("/scorecard/").content.decode()
    assert "Download PDF" in browser.get(f"/organisations/{org.pk}/map/").content.decode()
