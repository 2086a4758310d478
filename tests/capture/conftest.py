"""The cast of the capture tests, as pytest fixtures (imported by each test module): our people
at Northwind Freight, and their contacts at Acme Steel (a fenced key account whose team is
Alice) and Contoso (no account)."""

import pytest

from tests import factories


@pytest.fixture
def cast(db):
    alice = factories.UserFactory(
        username="alice",
        first_name="Alice",
        last_name="Archer",
        email="Alice.Archer@northwind-freight.example",
    )
    bob = factories.UserFactory(
        username="bob",
        first_name="Bob",
        last_name="Baker",
        email="bob.baker@northwind-freight.example",
    )
    erin = factories.UserFactory(
        username="erin",
        first_name="Erin",
        last_name="Exec",
        email="erin@northwind-freight.example",
        role="executive",
    )
    acme = factories.AccountFactory(
        organisation__name="Acme Steel", manager=alice, is_fenced=True
    ).organisation
    contoso = factories.OrganisationFactory(name="Contoso")
    chloe = factories.ContactFactory(
        first_name="Chloe",
        last_name="Petrov",
        email="chloe.petrov@acme-steel.example",
        organisation=acme,
        seniority="executive",
    )
    return {
        "alice": alice,
        "bob": bob,
        "erin": erin,
        "acme": acme,
        "contoso": contoso,
        "chloe": chloe,
    }
