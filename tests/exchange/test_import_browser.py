"""The import in a browser: upload, the preview's column mapping changed, import, undo; the
progress bar of a background import; every import page at desktop and phone width."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exchange.models import ImportBatch
from stakeholders.models import Contact
from tests import factories
from tests.exchange.conftest import csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
FILE = [
    ["Given name", "Surname", "E-mail address", "Company", "Position", "Favourite colour"],
    ["Ann", "Lee", "ann@acme.example", "Acme Steel", "Buyer", "Blue"],
    ["Bob", "Ray", "bob@acme.example", "Acme Steel", "=HYPERLINK(0)", "Red"],
    ["Cy", "Ode", "not-an-email", "Acme Steel", "", ""],
]


def _shots(page, screenshot, name):
    """Screenshots at both widths; the phone's must not scroll sideways."""
    page.set_viewport_size(DESKTOP)
    screenshot(f"{name}-desktop")
    page.set_viewport_size(PHONE)
    screenshot(f"{name}-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)


def test_preview_mapping_import_and_undo(login, page, screenshot, tmp_path):
    user = factories.UserFactory(username="amy", role="account_manager")
    factories.OrganisationFactory(name="Acme Steel")
    path = tmp_path / "crm.csv"
    path.write_bytes(csv_bytes(FILE, delimiter=";"))
    login(user)
    page.goto("/imports/new/")
    _shots(page, screenshot, "new")
    page.get_by_label("File", exact=True).set_input_files(str(path))
    page.get_by_label("The file holds").select_option("contacts")
    page.get_by_label("Import the valid rows").check()
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="What would happen").wait_for()
    _shots(page, screenshot, "preview")
    assert page.get_by_role("cell", name="Ann Lee").is_visible()
    assert "Enter a valid email address" in page.content()
    # Position is left out, then checked again: nothing was written yet.
    page.get_by_label("Position").select_option("")
    page.get_by_role("button", name="Check again").click()
    page.get_by_text("Checked again with your column choices").wait_for()
    assert page.get_by_label("Position").input_value() == ""
    assert Contact.objects.count() == 0
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("button", name="Undo import").wait_for()
    _shots(page, screenshot, "imported")
    assert sorted(Contact.objects.values_list("first_name", "job_title")) == [
        ("Ann", ""),
        ("Bob", ""),
    ]
    page.get_by_role("button", name="Undo import").click()
    page.get_by_text("Import undone.").wait_for()
    _shots(page, screenshot, "undone")
    assert Contact.objects.live().count() == 0
    page.goto("/imports/")
    _shots(page, screenshot, "list")


def test_a_background_import_shows_its_progress(login, page, screenshot):
    user = factories.UserFactory(username="amy", role="account_manager")
    batch = ImportBatch.objects.create(
        created_by=user,
        kind="contacts",
        file_name="big.csv",
        dry_run=False,
        status=ImportBatch.Status.RUNNING,
        rows=100_000,
        progress=42_000,
        headers=["First name"],
        mapping=["first_name"],
    )
    login(user)
    page.goto(f"/imports/{batch.pk}/")
    bar = page.get_by_role("progressbar", name="Progress")
    assert bar.get_attribute("value") == "42000"
    _shots(page, screenshot, "progress")
    # The worker moves on, then finishes: the page follows without being reloaded by hand.
    ImportBatch.objects.filter(pk=batch.pk).update(progress=90_000)
    expect(bar).to_have_attribute("value", "90000")
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.DONE,
        progress=100_000,
        counts={"created": 100_000, "updated": 0, "unchanged": 0, "errors": 0},
        finished_at=timezone.now(),
        message="Imported.",
    )
    page.get_by_role("heading", name="What happened").wait_for()
    assert page.get_by_text("100,000").first.is_visible()


def test_the_board_pack_prints_without_navigation(login, page, screenshot):
    user = factories.UserFactory(username="erin", role="executive")
    account = factories.AccountFactory(organisation__name="Acme Steel", manager=user)
    login(user)
    for name, url in (
        ("scorecard", "/scorecard/"),
        ("account", f"/organisations/{account.organisation_id}/map/"),
    ):
        page.goto(url)
        page.emulate_media(media="print")
        screenshot(f"print-{name}")
        assert not page.get_by_role("navigation", name="Main").is_visible()
        assert not page.get_by_role("link", name="Download PDF").is_visible()
        page.emulate_media(media="screen")
        assert page.get_by_role("link", name="Download PDF").is_visible()
