"""In a browser (Debian's chromium): an account manager uploads a mailbox export and a
calendar, reads what was captured, then turns a suggested address into a contact; at desktop
and phone width, nothing scrolling sideways. Screenshots go to test-artifacts/."""

import pytest

from interventions.models import Interaction
from stakeholders.models import Contact
from tests.capture.files import DATA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_upload_then_add_a_suggested_contact(page, login, screenshot, cast, viewport):
    contoso = cast["contoso"]
    contoso.website = "https://contoso.example"
    contoso.save()
    page.set_viewport_size(SIZES[viewport])
    login(cast["alice"])
    page.goto("/capture/")
    assert _fits(page)
    screenshot(f"capture-{viewport}")
    page.get_by_label("Files").set_input_files([str(DATA / "outlook.eml"), str(DATA / "apple.ics")])
    with page.expect_navigation():
        page.get_by_role("button", name="Capture").click()
    status = page.get_by_role("status")
    assert "Created\n4" in status.inner_text() or "Created 4" in " ".join(
        status.inner_text().split()
    )
    assert _fits(page)
    screenshot(f"capture-done-{viewport}")
    assert Interaction.objects.count() == 4

    with page.expect_navigation():
        page.get_by_role("link", name="Suggested contacts").click()
    suggestion = page.locator(".suggestion", has_text="anna@contoso.example")
    assert "1 message with anna@contoso.example" in " ".join(suggestion.inner_text().split())
    assert suggestion.get_by_label("First name").input_value() == "Anna"
    suggestion.get_by_label("Last name").fill("Lind")
    assert _fits(page)
    screenshot(f"suggestions-{viewport}")
    with page.expect_navigation():
        suggestion.get_by_role("button", name="Add as a contact at Contoso").click()
    assert "Anna Lind added at Contoso; the messages with them are captured as interactions." in (
        page.get_by_role("status").first.inner_text()
    )
    assert Contact.objects.get(email="anna@contoso.example").full_name == "Anna Lind"
    assert page.get_by_text("No suggestions").is_visible()
    screenshot(f"suggestions-empty-{viewport}")


def test_a_bad_file_is_refused_with_its_reason(page, login, cast, tmp_path):
    junk = tmp_path / "holiday.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 500)
    login(cast["alice"])
    page.goto("/capture/")
    page.get_by_label("Files").set_input_files(str(junk))
    page.get_by_role("button", name="Capture").click()
    assert page.get_by_text(
        "holiday.jpg is not an e-mail (.eml), a mailbox (.mbox) or a calendar (.ics).", exact=True
    ).is_visible()
    assert not Interaction.objects.exists()
