"""Shared fixtures: a named cast of users around one fenced account.

- `owner`: the account's manager; `teammate`: on its team; `outsider`: an account manager in
  another unit who must get 404 for the fenced detail; `executive` and `admin_user` see it all.
"""

import pytest

from tests import factories


@pytest.fixture
def unit(db):
    return factories.UnitFactory(name="Key Accounts")


@pytest.fixture
def other_unit(db):
    return factories.UnitFactory(name="Field Sales")


@pytest.fixture
def owner(unit):
    return factories.UserFactory(username="owner", role="account_manager", role__unit=unit)


@pytest.fixture
def teammate(unit):
    return factories.UserFactory(username="teammate", role="account_manager", role__unit=unit)


@pytest.fixture
def outsider(other_unit):
    return factories.UserFactory(username="outsider", role="account_manager", role__unit=other_unit)


@pytest.fixture
def executive(db):
    return factories.UserFactory(username="exec", role="executive")


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="admin", role="admin")


@pytest.fixture
def fenced_account(owner, teammate):
    account = factories.AccountFactory(
        organisation__name="Fenced Corp", manager=owner, is_fenced=True, team=[teammate]
    )
    return account


@pytest.fixture
def fenced_org(fenced_account):
    return fenced_account.organisation


@pytest.fixture
def fenced_contact(fenced_org):
    return factories.ContactFactory(organisation=fenced_org, first_name="Fiona", last_name="Fenced")
