"""The error pages in a browser: styled, with a way back into the app, at any width."""

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def amy(db):
    return factories.UserFactory(
        username="amy", first_name="Amy", last_name="Archer", role="account_manager"
    )


def test_a_missing_page_keeps_the_navigation(login, page, look, csp_violations, amy):
    login(amy)
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    look("404")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organisations").click()
    page.wait_for_url("**/organisations/")
    assert csp_violations == []


@pytest.mark.urls("tests.relmap.urls_failing")
def test_a_refusal_says_why_and_keeps_the_navigation(login, page, look, csp_violations, amy):
    login(amy)
    response = page.goto("/refused/")
    assert response.status == 403
    assert page.get_by_role("heading", name="You may not do this").is_visible()
    assert "Only the account's team" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("navigation", name="Main").is_visible()
    look("403")
    assert csp_violations == []


@pytest.mark.urls("tests.relmap.urls_failing")
def test_a_server_error_offers_a_menu_back_into_the_app(login, page, look, csp_violations, amy):
    login(amy)
    response = page.goto("/broken/")
    assert response.status == 500
    assert page.get_by_role("heading", name="Something went wrong").is_visible()
    look("500")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Scorecard").click()
    page.wait_for_url("**/scorecard/")
    assert csp_violations == []


@pytest.mark.urls("tests.relmap.urls_failing")
def test_a_request_django_cannot_read_is_a_400_page(login, page, look, amy):
    login(amy)
    response = page.goto("/suspicious/")
    assert response.status == 400
    assert page.get_by_role("heading", name="Relmap could not read this request").is_visible()
    look("400")


def test_a_form_sent_without_its_cookie_says_it_expired(login, page, look, amy):
    login(amy)
    page.context.clear_cookies(name="csrftoken")
    page.get_by_role("button", name="Log out").click()
    assert page.get_by_role("heading", name="This form has expired").is_visible()
    look("403-csrf")
    page.get_by_role("link", name="Go to the home page").click()
    page.wait_for_url("**/")
