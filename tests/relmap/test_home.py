import pytest
from django.urls import reverse

from tests import factories


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_home_lists_my_accounts_with_level_and_manager(client, owner, teammate, outsider):
    mine = factories.AccountFactory(organisation__name="Acme Steel", manager=owner)
    on_team = factories.AccountFactory(organisation__name="Borealis Foods", team=[owner])
    factories.AccountFactory(organisation__name="Not Mine Ltd", manager=outsider)
    client.force_login(owner)
    response = client.get("/")
    body = response.content.decode()
    assert "Acme Steel" in body and "Borealis Foods" in body
    assert "Not Mine Ltd" not in body
    assert reverse("organisation_detail", args=[mine.organisation_id]) in body
    assert reverse("organisation_detail", args=[on_team.organisation_id]) in body


def test_home_empty_state_says_what_to_do(client, owner):
    client.force_login(owner)
    assert "You hold no accounts yet" in client.get("/").content.decode()


@pytest.mark.parametrize("accounts", [1, 10, 100])
def test_home_query_count_is_constant(client, owner, django_assert_max_num_queries, accounts):
    factories.AccountFactory.create_batch(accounts, manager=owner)
    client.force_login(owner)
    # session, user, staff profile (role), accounts with last contact
    with django_assert_max_num_queries(4):
        assert client.get("/").status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_login_lands_on_my_accounts(login, page, screenshot):
    owner = factories.UserFactory(username="amy", role="account_manager")
    factories.AccountFactory(organisation__name="Acme Steel", manager=owner)
    login(owner)
    assert page.get_by_role("heading", name="My accounts").is_visible()
    assert page.get_by_role("link", name="Acme Steel").is_visible()
    screenshot("home")
