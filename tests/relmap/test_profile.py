"""The profile page: one's name and email, a way to the password, one's API tokens."""

import pytest
from django.contrib.auth import get_user_model

from tests import factories
from trust import tokens
from trust.models import AuditEvent

User = get_user_model()


@pytest.fixture
def amy(unit):
    return factories.UserFactory(
        username="amy",
        first_name="Amy",
        last_name="Archer",
        email="amy@example.com",
        role="account_manager",
        role__unit=unit,
    )


@pytest.fixture
def signed_in(client, amy):
    client.force_login(amy)
    return client


def saved(user):
    user.refresh_from_db()
    return (user.first_name, user.last_name, user.email)


def profile_events(user):
    return list(
        AuditEvent.objects.filter(model="auth.user", object_id=str(user.pk)).values_list(
            "changes", flat=True
        )
    )


def test_the_profile_shows_who_i_am_and_what_i_can_change(signed_in, amy):
    response = signed_in.get("/account/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Your profile</h1>" in body
    assert "<strong>amy</strong>: Account manager, Key Accounts" in body
    assert 'name="first_name" value="Amy"' in body
    assert 'name="last_name" value="Archer"' in body
    assert 'value="amy@example.com"' in body
    assert '<a href="/accounts/password_change/">Change your password</a>' in body
    assert '<a href="/account/tokens/">Manage your API tokens</a>' in body
    assert 'style="' not in body


def test_the_profile_lists_my_active_tokens_only(signed_in, amy):
    token, _ = tokens.api_token_create(user=amy, name="CRM sync")
    old, _ = tokens.api_token_create(user=amy, name="Old laptop")
    tokens.api_token_revoke(token=old)
    tokens.api_token_create(user=factories.UserFactory(), name="Somebody else's")
    body = signed_in.get("/account/").content.decode()
    assert f"<strong>CRM sync</strong> <code>{token.prefix}…</code>" in body
    assert "never used" in body
    assert "Old laptop" not in body and "Somebody else" not in body


def test_without_tokens_the_profile_says_so(signed_in):
    assert "You have no active API tokens." in signed_in.get("/account/").content.decode()


def test_the_name_in_the_header_links_to_the_profile(signed_in):
    body = signed_in.get("/").content.decode()
    assert '<a class="who" href="/account/" title="Your profile">Amy Archer</a>' in body


def test_the_profile_needs_a_login(client, db):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_saving_changes_my_name_and_email_and_audits_it(signed_in, amy):
    response = signed_in.post(
        "/account/",
        {"first_name": " Amelia ", "last_name": "Archer-Bell", "email": "amelia@EXAMPLE.com"},
        follow=True,
    )
    assert response.redirect_chain == [("/account/", 302)]
    body = response.content.decode()
    assert '<div class="message success" role="status">Saved your name and email address.' in body
    assert ">Amelia Archer-Bell</a>" in body
    assert saved(amy) == ("Amelia", "Archer-Bell", "amelia@example.com")
    (event,) = AuditEvent.objects.filter(model="auth.user", object_id=str(amy.pk))
    assert event.action == "update" and event.actor == amy
    assert event.changes == {
        "first_name": ["Amy", "Amelia"],
        "last_name": ["Archer", "Archer-Bell"],
        "email": ["amy@example.com", "amelia@example.com"],
    }


def test_saving_the_same_values_records_nothing(signed_in, amy):
    data = {"first_name": "Amy", "last_name": "Archer", "email": "amy@example.com"}
    assert signed_in.post("/account/", data).status_code == 302
    assert profile_events(amy) == []


def test_saving_changes_nobody_else(signed_in, amy, teammate):
    before = saved(teammate)
    signed_in.post("/account/", {"first_name": "Amelia", "email": "amelia@example.com"})
    assert saved(teammate) == before


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"first_name": "Amy", "email": "not an address"}, "Enter a valid email address."),
        ({"first_name": "Amy", "email": ""}, "This field is required."),
        ({"first_name": "", "email": "amy@example.com"}, "This field is required."),
        ({"first_name": "A" * 151, "email": "amy@example.com"}, "at most 150 characters"),
        ({"first_name": "Amy", "email": "a" * 250 + "@x.io"}, "at most 254 characters"),
    ],
)
def test_bad_input_is_a_400_and_changes_nothing(signed_in, amy, data, error):
    response = signed_in.post("/account/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was saved." in body and error in body
    # The header still shows the saved name, not the rejected one.
    assert ">Amy Archer</a>" in body
    assert saved(amy) == ("Amy", "Archer", "amy@example.com")
    assert profile_events(amy) == []


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_profile_takes_only_get_and_post(signed_in, method):
    assert getattr(signed_in, method)("/account/").status_code == 405
