"""The workspace's journeys in Chromium: adding and changing organisations, contacts, accounts,
relationships, communities and assessments, and finding people, the way an account manager
clicks through them."""

import pytest
from playwright.sync_api import expect

from stakeholders.models import Account, Assessment, Contact, Organisation, Relationship
from tests import factories
from trust.models import AuditEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _amy():
    unit = factories.UnitFactory(name="Key Accounts")
    return factories.UserFactory(
        username="amy", first_name="Amy", last_name="Archer", role__unit=unit
    )


def test_add_an_organisation_a_division_and_a_contact_from_its_page(login, page, screenshot):
    login(_amy())
    page.goto("/organisations/")
    page.get_by_role("link", name="Add organisation").click()
    page.get_by_label("Name").fill("Borealis Foods")
    page.get_by_label("Website").fill("borealis.example")
    screenshot("organisation-new")
    page.get_by_role("button", name="Save organisation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Borealis Foods")
    borealis = Organisation.objects.get(name="Borealis Foods")
    assert borealis.website == "https://borealis.example"

    page.get_by_text("More", exact=True).click()
    page.get_by_role("link", name="Add division").click()
    expect(page.get_by_label("Part of")).to_have_value(str(borealis.pk))
    page.get_by_label("Name").fill("Borealis Logistics")
    page.get_by_role("button", name="Save organisation").click()
    expect(page.locator(".crumbs")).to_contain_text("Borealis Foods")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Borealis Logistics")

    page.get_by_role("link", name="Borealis Foods").first.click()
    page.get_by_text("More", exact=True).click()
    page.get_by_role("link", name="Add contact").click()
    expect(page.get_by_label("Organisation")).to_have_value(str(borealis.pk))
    page.get_by_label("First name").fill("Nadia")
    page.get_by_label("Last name").fill("Berg")
    page.get_by_label("Email").fill("not-an-address")
    page.get_by_label("Job title").fill("Head of Purchasing")
    page.get_by_label("Seniority").select_option("executive")
    page.get_by_role("button", name="Save contact").click()
    # A bad address keeps the page and everything typed; nothing is saved.
    expect(page.locator(".errorlist")).to_contain_text("valid email")
    expect(page.get_by_label("First name")).to_have_value("Nadia")
    assert not Contact.objects.filter(last_name="Berg").exists()
    screenshot("contact-new-error")
    page.get_by_label("Email").fill("nadia@borealis.example")
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nadia Berg")
    expect(page.locator("main")).to_contain_text("Head of Purchasing")

    page.get_by_role("link", name="Edit contact").click()
    page.get_by_label("Job title").fill("Chief Procurement Officer")
    page.get_by_role("button", name="Save contact").click()
    expect(page.locator("main")).to_contain_text("Chief Procurement Officer")
    # The history box says what changed, in words.
    expect(page.locator("#history")).to_contain_text(
        "Job title: Head of Purchasing → Chief Procurement Officer"
    )
    screenshot("contact-after-edit")


def test_a_manager_sets_up_the_account_and_raises_the_fence(login, page, screenshot):
    amy = _amy()
    factories.UserFactory(username="ben", first_name="Ben", last_name="Baker")
    org = factories.OrganisationFactory(name="Cobalt Mining")
    login(amy)
    page.goto(f"/organisations/{org.pk}/")
    page.get_by_text("More", exact=True).click()
    page.get_by_role("link", name="Set up the account").click()
    page.get_by_label("Level", exact=True).select_option("1")
    page.get_by_label("Target level").select_option("3")
    page.get_by_role("checkbox", name="Ben Baker").check()
    page.get_by_label("Picket fence").check()
    screenshot("account-edit")
    page.get_by_role("button", name="Save account").click()
    expect(page.locator(".badge.fence").first).to_be_visible()
    expect(page.locator(".fence-card")).to_contain_text("Amy Archer")
    expect(page.locator(".fence-card")).to_contain_text("Ben Baker")
    account = Account.objects.get(organisation=org)
    assert (account.manager, account.is_fenced, account.target_level) == (amy, True, 3)
    assert AuditEvent.objects.filter(
        model="stakeholders.account", object_id=str(account.pk), action="create"
    ).exists()


def test_add_hand_over_and_end_a_relationship_from_the_contact_page(login, page, screenshot):
    amy = _amy()
    factories.UserFactory(username="ben", first_name="Ben", last_name="Baker")
    contact = factories.ContactFactory(first_name="Carla", last_name="Ruiz")
    login(amy)
    page.goto(f"/contacts/{contact.pk}/")
    page.get_by_role("link", name="Add relationship").click()
    page.get_by_label("Our person").select_option(label="Amy Archer")
    page.get_by_label("Tier").select_option("executive")
    page.get_by_label("Purpose").fill("Renewal of the 2027 contract")
    screenshot("relationship-new")
    page.get_by_role("button", name="Save relationship").click()
    row = page.locator("tr", has_text="Amy Archer")
    expect(row).to_contain_text("Executive")

    page.get_by_role("link", name="Edit the relationship of Amy Archer").click()
    page.get_by_label("Owner").select_option(label="Ben Baker")
    page.get_by_role("button", name="Save relationship").click()
    relationship = Relationship.objects.get(contact=contact)
    assert relationship.owner.username == "ben"

    page.get_by_role("button", name="End the relationship of Amy Archer").click()
    expect(page.locator("tr", has_text="Amy Archer")).to_contain_text("Ended")
    relationship.refresh_from_db()
    assert relationship.status == "ended"


def test_record_an_assessment_and_see_it_listed(login, page, screenshot):
    amy = _amy()
    account = factories.AccountFactory(organisation__name="Delta Shipping", manager=amy)
    factories.ContactFactory(organisation=account.organisation, first_name="Ida", last_name="Lund")
    login(amy)
    page.goto(f"/organisations/{account.organisation_id}/")
    page.get_by_text("More", exact=True).click()
    page.get_by_role("link", name="Assessments").click()
    expect(page.locator("main")).to_contain_text("No assessment recorded yet")
    page.get_by_label("Whose view").select_option("theirs")
    page.get_by_label("Trust").select_option("4")
    page.get_by_role("button", name="Record assessment").click()
    # Their side needs to say who answered; the form stays as it was.
    expect(page.locator(".errorlist")).to_contain_text("Say which of their people answered")
    expect(page.get_by_label("Trust")).to_have_value("4")
    page.get_by_label("Who answered (their side)").select_option(label="Ida Lund")
    page.get_by_role("button", name="Record assessment").click()
    expect(page.locator("table")).to_contain_text("Ida Lund")
    assert Assessment.objects.get(account=account).trust == 4
    screenshot("assessments")


def test_find_a_person_without_knowing_their_organisation(login, page, screenshot):
    amy = _amy()
    factories.ContactFactory(first_name="Sunniva", last_name="Holt", job_title="Treasurer")
    factories.ContactFactory(first_name="Sunita", last_name="Rao")
    factories.ContactFactory(first_name="Piet", last_name="Jansen")
    login(amy)
    page.goto("/contacts/")
    search = page.get_by_role("search", name="Filter contacts").get_by_label("Search")
    search.fill("sunniva")
    search.press("Enter")
    expect(page.locator("main table")).to_contain_text("Sunniva Holt")
    expect(page.locator("main table")).not_to_contain_text("Piet")
    screenshot("contact-directory")
    # The header's search box finds her from any page too, grouped by kind.
    page.keyboard.press("Escape")
    page.goto("/")
    page.keyboard.press("/")
    page.keyboard.type("holt")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Contacts")).to_be_visible()
    page.get_by_role("link", name="Sunniva Holt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sunniva Holt")
