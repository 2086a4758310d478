"""Password journeys in a browser: forgot it and set a new one by mail; change it."""

import re

import pytest
from django.core import mail

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "quiet-harbour-lantern-42"


@pytest.fixture
def amy(db):
    return factories.UserFactory(
        username="amy", first_name="Amy", last_name="Archer", email="amy@example.com"
    )


def log_in(page, password):
    page.get_by_label("Username").fill("amy")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_forgot_password_then_log_in_with_the_new_one(page, look, csp_violations, amy):
    page.goto("/accounts/login/")
    look("login")
    page.get_by_role("link", name="Forgot password?").click()
    page.wait_for_url("**/accounts/password_reset/")
    page.get_by_label("Email").fill("amy@example.com")
    look("reset-request")
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_url("**/accounts/password_reset/done/")
    assert "If a Relmap account uses the address" in page.get_by_role("status").inner_text()
    look("reset-sent")

    (message,) = mail.outbox
    assert message.to == ["amy@example.com"]
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)
    page.goto(link)
    page.wait_for_url("**/set-password/")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD + "!")
    page.get_by_role("button", name="Set password").click()
    assert "didn’t match" in page.get_by_role("alert").inner_text()
    look("reset-mismatch")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    page.wait_for_url("**/accounts/reset/done/")
    assert page.get_by_role("heading", name="Your password is set").is_visible()
    look("reset-complete")

    page.get_by_role("link", name="Log in").click()
    page.wait_for_url("**/accounts/login/")
    log_in(page, NEW_PASSWORD)
    page.wait_for_url("**/")
    assert page.get_by_role("link", name="Amy Archer").is_visible()

    page.goto(link)
    assert page.get_by_role("heading", name="This link no longer works").is_visible()
    look("reset-link-used")
    assert csp_violations == []


def test_change_password_from_the_profile(login, page, look, csp_violations, amy):
    login(amy)
    page.get_by_role("link", name="Amy Archer").click()
    page.wait_for_url("**/account/")
    page.get_by_role("link", name="Change your password").click()
    page.wait_for_url("**/accounts/password_change/")
    page.get_by_label("Old password").fill("wrong")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    assert "old password was entered incorrectly" in page.get_by_role("alert").inner_text()
    look("change-wrong-old")
    page.get_by_label("Old password").fill("pw")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    look("change-form")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url("**/accounts/password_change/done/")
    assert "You stay logged in here" in page.get_by_role("status").inner_text()
    look("change-done")

    page.get_by_role("link", name="Back to your profile").click()
    page.wait_for_url("**/account/")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")
    log_in(page, NEW_PASSWORD)
    page.wait_for_url("**/")
    assert csp_violations == []
