import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

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
    # session, user, staff profile (role), accounts with last contact, the four Due lists
    with django_assert_max_num_queries(8):
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


def test_home_shows_health_commitments_issues_and_fence(client, owner):
    account = factories.AccountFactory(organisation__name="Acme Steel", manager=owner)
    account.is_fenced = True
    account.save()
    org = account.organisation
    division = factories.OrganisationFactory(parent=org)
    contact = factories.ContactFactory(organisation=division)
    factories.RelationshipFactory(staff=owner, contact=contact, strength=80)
    factories.CommitmentFactory(organisation=org)
    factories.CommitmentFactory(
        organisation=division, due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    factories.IssueFactory(organisation=org, severity="high")
    client.force_login(owner)
    body = client.get("/").content.decode()
    # 80 mean strength − 10 for the overdue commitment − 15 for the high-severity issue.
    assert 'aria-label="Health 55 of 100"' in body
    assert "(1 overdue)" in body
    assert "1 high" in body
    assert "Fenced" in body


def test_home_puts_accounts_needing_attention_first(client, owner):
    healthy = factories.AccountFactory(organisation__name="Aardvark Ltd", manager=owner)
    troubled = factories.AccountFactory(organisation__name="Zebra Plc", manager=owner)
    for account, strength in ((healthy, 90), (troubled, 90)):
        contact = factories.ContactFactory(organisation=account.organisation)
        factories.RelationshipFactory(staff=owner, contact=contact, strength=strength)
    factories.CommitmentFactory(
        organisation=troubled.organisation, due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    client.force_login(owner)
    body = client.get("/").content.decode()
    assert body.index("Zebra Plc") < body.index("Aardvark Ltd")


def test_an_executives_home_is_the_scorecard_dashboard(client, executive):
    client.force_login(executive)
    body = client.get("/").content.decode()
    assert "Overall score" in body
    assert "My accounts" not in body


def test_analyst_without_accounts_sees_all_key_accounts(client, owner):
    analyst = factories.UserFactory(username="ana", role="analyst")
    factories.AccountFactory(organisation__name="Key Corp", manager=owner)
    factories.AccountFactory(
        organisation__name="Minor Ltd", organisation__is_key_account=False, manager=owner
    )
    client.force_login(analyst)
    body = client.get("/").content.decode()
    assert "Key Corp" in body and "Minor Ltd" not in body
    assert "all key accounts" in body


def test_analyst_sees_that_a_key_account_is_fenced_but_not_its_figures(client, fenced_account):
    analyst = factories.UserFactory(username="ana", role="analyst")
    factories.IssueFactory(organisation=fenced_account.organisation, severity="high")
    client.force_login(analyst)
    body = client.get("/").content.decode()
    assert "Fenced Corp" in body and "behind fence" in body
    assert "1 high" not in body


@pytest.mark.parametrize("accounts", [1, 10, 100])
def test_analyst_home_query_count_is_constant(client, owner, django_assert_num_queries, accounts):
    analyst = factories.UserFactory(username="ana", role="analyst")
    for account in factories.AccountFactory.create_batch(accounts, manager=owner):
        factories.CommitmentFactory(organisation=account.organisation)
    client.force_login(analyst)
    # session, user, staff profile (role), accounts held (none), key accounts with figures,
    # the four Due lists
    with django_assert_num_queries(9):
        assert client.get("/").status_code == 200


def test_hidden_accounts_come_last_in_name_order_whatever_their_health(client, owner, db):
    # An analyst holding no account sees the key accounts; the fenced ones are hidden to them.
    analyst = factories.UserFactory(username="ana", role="analyst")
    factories.AccountFactory(organisation__name="Mid Open", organisation__is_key_account=True)
    strong = factories.AccountFactory(
        organisation__name="Alpha Fenced", organisation__is_key_account=True, is_fenced=True
    )
    weak = factories.AccountFactory(
        organisation__name="Zeta Fenced", organisation__is_key_account=True, is_fenced=True
    )
    contact = factories.ContactFactory(organisation=strong.organisation)
    factories.RelationshipFactory(contact=contact, strength=90)
    factories.CommitmentFactory(
        organisation=weak.organisation, due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    client.force_login(analyst)
    body = client.get("/").content.decode()
    positions = [body.index(name) for name in ("Mid Open", "Alpha Fenced", "Zeta Fenced")]
    assert positions == sorted(positions)
