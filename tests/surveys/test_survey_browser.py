"""In a browser (Debian's chromium): a contact answers the survey from their link, at desktop
and at phone width, by the labels a screen reader announces; our people's survey pages fit a
phone. Screenshots go to test-artifacts/."""

import pytest

from stakeholders.models import Assessment
from stakeholders.services.surveys import assessment_request_create
from stakeholders.survey_links import survey_path
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _world():
    amy = factories.UserFactory(username="amy", first_name="Amy", last_name="Archer")
    account = factories.AccountFactory(
        organisation__name="Acme Steel and Shipbuilding International Holdings", manager=amy
    )
    community = factories.CommunityFactory(name="Heavy industry customers")
    account.organisation.communities.add(community)
    carla = factories.ContactFactory(
        organisation=account.organisation,
        first_name="Carla",
        last_name="Ruiz-Montenegro",
        email="carla.ruiz-montenegro@acme-steel-and-shipbuilding.example",
        seniority="executive",
    )
    return amy, account, carla, community


def _answer(page):
    for question, rating in [
        ("Trust", "4 · Mostly"),
        ("Openness", "3 · Somewhat"),
        ("Transparency", "5 · Completely"),
        ("Appropriateness", "4 · Mostly"),
        ("Longevity", "2 · A little"),
    ]:
        page.get_by_role("group", name=question).get_by_label(rating).check()
    page.get_by_role("group", name="Stage").get_by_label("Loyalty", exact=False).check()
    page.get_by_role("group", name="How likely are you to recommend us?").get_by_label(
        "9", exact=True
    ).check()
    page.get_by_label("Comment").fill("Deliveries improved a lot this year.")
    page.get_by_role("button", name="Send answers").click()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_contact_answers_the_survey_from_their_link(page, screenshot, settings, viewport):
    settings.RELMAP_ORGANISATION_NAME = "Northwind Freight"
    amy, account, carla, _ = _world()
    request = assessment_request_create(contact=carla, requested_by=amy)
    page.set_viewport_size(PHONE if viewport == "phone" else DESKTOP)
    page.goto(survey_path(request.nonce))
    assert page.get_by_role("heading", name="How is our relationship going?").is_visible()
    assert "Northwind Freight" in page.locator("header").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(f"survey-{viewport}")
    _answer(page)
    assert page.get_by_role("status").inner_text().startswith("Your answers have been sent")
    screenshot(f"survey-thanks-{viewport}")
    assessment = Assessment.objects.get(pk=request.assessment_id)
    assert (assessment.trust, assessment.longevity, assessment.nps) == (4, 2, 9)
    assert assessment.stage == "loyalty" and assessment.assessed_at is not None
    # The link has been used: the same page now says so.
    page.goto(survey_path(request.nonce))
    assert page.get_by_role("heading", name="This survey link does not work").is_visible()
    screenshot(f"survey-used-{viewport}")


def test_a_missing_rating_is_pointed_out_and_the_rest_is_kept(page):
    amy, account, carla, _ = _world()
    request = assessment_request_create(contact=carla, requested_by=amy)
    page.goto(survey_path(request.nonce))
    page.get_by_role("group", name="Trust").get_by_label("4 · Mostly").check()
    page.get_by_label("Comment").fill("Half done")
    page.get_by_role("button", name="Send answers").click()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_role("group", name="Trust").get_by_label("4 · Mostly").is_checked()
    assert page.get_by_label("Comment").input_value() == "Half done"
    assert Assessment.objects.get(pk=request.assessment_id).assessed_at is None


def test_our_survey_pages_fit_a_phone(login, page, screenshot):
    amy, account, carla, community = _world()
    assessment_request_create(contact=carla, requested_by=amy)
    login(amy)
    org = account.organisation
    too_wide = []
    for name, url in [
        ("account-surveys", f"/organisations/{org.pk}/surveys/"),
        ("survey-overview", "/surveys/"),
        ("survey-bulk", f"/surveys/ask/?community={community.pk}"),
    ]:
        page.set_viewport_size(DESKTOP)
        page.goto(url)
        screenshot(f"{name}-desktop")
        page.set_viewport_size(PHONE)
        page.goto(url)
        screenshot(f"{name}-phone")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append((url, width))
    assert too_wide == [], too_wide
