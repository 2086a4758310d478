"""The log form from the keyboard, in Chromium: the contact search never submits the form."""

import re

import pytest
from playwright.sync_api import expect

from interventions.models import Interaction
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def acme():
    amy = factories.UserFactory(username="amy", first_name="Amy", last_name="Archer")
    org = factories.AccountFactory(organisation__name="Acme Steel", manager=amy).organisation
    division = factories.OrganisationFactory(parent=org, name="Acme Steel Logistics")
    factories.ContactFactory(
        organisation=org, first_name="Carla", last_name="Ruiz", job_title="CFO"
    )
    factories.ContactFactory(organisation=division, first_name="Carlos", last_name="Mendes")
    factories.ContactFactory(organisation=org, first_name="Bob", last_name="Ng")
    return amy, org


@pytest.fixture
def log_form(acme, login, page):
    amy, org = acme
    login(amy)
    page.goto(f"/interactions/new/?organisation={org.pk}")
    return page


def _matches(page):
    return page.get_by_role("group", name="Matching people")


def _search(page, text):
    page.get_by_label("Contacts").fill(text)
    expect(_matches(page)).to_have_attribute("data-query", text)


def test_enter_in_the_search_ticks_the_highlighted_match_and_does_not_submit(log_form):
    page = log_form
    url = page.url
    _search(page, "carl")
    # The first match is highlighted as the matches arrive: Mendes before Ruiz.
    expect(page.locator("label.is-active")).to_have_text(re.compile("Carlos Mendes"))
    page.get_by_label("Contacts").press("Enter")
    expect(page.get_by_label("Carlos Mendes")).to_be_checked()
    expect(page.get_by_label("Carla Ruiz")).not_to_be_checked()
    expect(page.get_by_label("Contacts")).to_be_focused()
    assert page.url == url
    assert page.get_by_role("alert").count() == 0
    assert Interaction.objects.count() == 0


def test_arrow_keys_move_the_highlight_and_enter_picks_it(log_form):
    page = log_form
    _search(page, "carl")
    search = page.get_by_label("Contacts")
    search.press("ArrowDown")
    expect(page.locator("label.is-active")).to_have_text(re.compile("Carla Ruiz"))
    search.press("ArrowUp")
    search.press("ArrowDown")
    search.press("Enter")
    expect(page.get_by_label("Carla Ruiz")).to_be_checked()
    expect(page.get_by_label("Carlos Mendes")).not_to_be_checked()
    assert search.get_attribute("aria-activedescendant") == page.get_by_label(
        "Carla Ruiz"
    ).get_attribute("id")


def test_enter_typed_before_the_matches_arrive_picks_when_they_do(log_form):
    page = log_form
    search = page.get_by_label("Contacts")
    search.press_sequentially("ruiz")
    search.press("Enter")
    expect(page.get_by_label("Carla Ruiz")).to_be_checked()
    assert Interaction.objects.count() == 0


def test_a_single_match_is_ticked_and_lasts_as_long_as_its_search(log_form):
    page = log_form
    _search(page, "ruiz")
    expect(page.get_by_label("Carla Ruiz")).to_be_checked()
    expect(_matches(page)).to_contain_text("Only Carla Ruiz matches: ticked.")
    # Typing on to someone else: the search's own pick goes with it...
    _search(page, "ng")
    expect(page.get_by_label("Bob Ng")).to_be_checked()
    expect(page.get_by_text("Carla Ruiz")).to_have_count(0)
    # ...unless the user made it theirs with Enter.
    page.get_by_label("Contacts").press("Enter")
    _search(page, "ruiz")
    expect(page.get_by_label("Bob Ng")).to_be_checked()
    expect(page.get_by_label("Carla Ruiz")).to_be_checked()


def test_escape_clears_the_search(log_form):
    page = log_form
    _search(page, "bob")
    expect(page.get_by_text("Carla Ruiz")).to_have_count(0)
    page.get_by_label("Contacts").press("Escape")
    expect(page.get_by_label("Contacts")).to_have_value("")
    expect(page.get_by_label("Carla Ruiz")).to_be_visible()
    expect(page.get_by_label("Bob Ng")).to_be_checked()


def test_kind_must_be_chosen(log_form):
    page = log_form
    expect(page.get_by_label("Kind")).to_have_value("")
    page.get_by_label("Summary").fill("Quick call")
    page.get_by_label("Summary").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Choose the kind of interaction")
    assert Interaction.objects.count() == 0


def test_after_logging_the_page_opens_at_the_new_entry(acme, log_form, screenshot):
    page = log_form
    _, org = acme
    page.get_by_label("Kind").select_option("Call")
    _search(page, "ruiz")
    page.get_by_label("Contacts").press("Enter")
    page.get_by_label("Summary").fill("Agreed the renewal timetable")
    page.get_by_label("Sentiment").select_option("1")
    screenshot("log-form")
    page.get_by_role("button", name="Log interaction").click()
    interaction = Interaction.objects.get()
    page.wait_for_url(f"**/organisations/{org.pk}/?logged={interaction.pk}#interaction-*")
    entry = page.locator(f"#interaction-{interaction.pk}")
    expect(entry).to_be_in_viewport()
    expect(entry).to_contain_text("Just logged")
    expect(entry).to_contain_text("Agreed the renewal timetable")
    expect(page.get_by_role("status").filter(has_text="Interaction logged")).to_be_visible()
    screenshot("just-logged")
    assert interaction.kind == "call"
    assert [c.full_name for c in interaction.contacts.all()] == ["Carla Ruiz"]


def test_the_log_form_and_the_new_entry_fit_a_phone(acme, log_form, screenshot):
    page = log_form
    _, org = acme
    page.set_viewport_size({"width": 390, "height": 844})
    _search(page, "carl")
    screenshot("phone-log-form")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_label("Kind").select_option("Visit")
    page.get_by_label("Contacts").press("Enter")
    page.get_by_label("Summary").fill("Walked the new warehouse with the logistics team")
    page.get_by_label("Summary").press("Enter")
    page.wait_for_url(f"**/organisations/{org.pk}/?logged=*")
    expect(page.locator(".entry.just-logged")).to_be_in_viewport()
    screenshot("phone-just-logged")
    # What the phone shows on arrival, not the whole page.
    page.screenshot(path="test-artifacts/phone-just-logged-on-arrival.png")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_without_javascript_enter_in_the_search_finds_people_and_saves_nothing(
    acme, chromium, live_server
):
    amy, org = acme
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(amy.username)
        page.get_by_label("Password").fill("pw")
        page.get_by_role("button", name="Log in").click()
        page.goto(f"/interactions/new/?organisation={org.pk}")
        page.get_by_label("Kind").select_option("Call")
        page.get_by_label("Contacts").fill("ruiz")
        page.get_by_label("Contacts").press("Enter")
        expect(page.get_by_role("status")).to_contain_text("People matching “ruiz”")
        expect(page.get_by_label("Carla Ruiz")).to_be_checked()
        expect(page.get_by_label("Kind")).to_have_value("call")
        assert Interaction.objects.count() == 0
        page.get_by_label("Summary").fill("Called about the renewal")
        page.get_by_role("button", name="Log interaction").click()
        page.wait_for_url(f"**/organisations/{org.pk}/?logged=*")
        assert [c.full_name for c in Interaction.objects.get().contacts.all()] == ["Carla Ruiz"]
    finally:
        context.close()
