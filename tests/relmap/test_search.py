"""The global search: everything the user may see, by kind, from the box on every page."""

import pytest
from playwright.sync_api import expect

from tests import factories


def _world(fenced_org, owner):
    acme = factories.OrganisationFactory(name="Acme Harbour")
    factories.ContactFactory(organisation=acme, first_name="Hilde", last_name="Harbour")
    factories.InteractionFactory(organisation=acme, summary="Harbour tour with the buyers")
    factories.InterventionFactory(organisation=acme, title="Harbour renewal")
    factories.CommitmentFactory(organisation=acme, description="Send harbour fees")
    factories.IssueFactory(organisation=acme, summary="Harbour cranes idle")
    factories.ContactFactory(organisation=fenced_org, first_name="Hidden", last_name="Harbour")


def test_results_come_grouped_by_kind_and_leave_out_what_is_fenced(
    client, outsider, owner, fenced_org
):
    _world(fenced_org, owner)
    client.force_login(outsider)
    page = client.get("/search/?q=harbour").content.decode()
    for heading in (
        "Organisations",
        "Contacts",
        "Interactions",
        "Interventions",
        "Commitments",
        "Issues",
    ):
        assert f">{heading}</h2>" in page
    assert "Hilde Harbour" in page and "Harbour cranes idle" in page
    assert "Hidden" not in page
    client.force_login(owner)
    assert "Hidden Harbour" in client.get("/search/?q=harbour").content.decode()


def test_every_word_must_match_and_short_words_are_left_out(client, owner, fenced_org):
    _world(fenced_org, owner)
    client.force_login(owner)
    page = client.get("/search/?q=harbour+cranes+a").content.decode()
    assert "Harbour cranes idle" in page and "Hilde" not in page
    assert "Nothing you may see matches" in client.get("/search/?q=x").content.decode()
    assert "press" in client.get("/search/").content.decode().lower()


@pytest.mark.parametrize("rows", [1, 10, 100])
def test_query_count_is_constant(client, owner, django_assert_num_queries, rows):
    organisation = factories.OrganisationFactory(name="Acme")
    factories.ContactFactory.create_batch(rows, organisation=organisation, first_name="Acme")
    factories.InteractionFactory.create_batch(rows, organisation=organisation, summary="Acme call")
    client.force_login(owner)
    # session, user, staff profile (role), then one query per kind: organisations, contacts,
    # interactions, interventions, commitments, issues
    with django_assert_num_queries(9):
        assert client.get("/search/?q=acme").status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_slash_jumps_to_the_search_box_from_any_page(login, page, screenshot):
    owner = factories.UserFactory(username="amy", role="account_manager")
    acme = factories.OrganisationFactory(name="Acme Harbour")
    factories.ContactFactory(organisation=acme, first_name="Hilde", last_name="Harbour")
    login(owner)
    page.keyboard.press("/")
    box = page.get_by_role("searchbox", name="Search")
    expect(box).to_be_focused()
    box.fill("hilde")
    box.press("Enter")
    page.wait_for_url("**/search/?q=hilde")
    expect(page.get_by_role("link", name="Hilde Harbour")).to_be_visible()
    screenshot("results")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("results-phone")
