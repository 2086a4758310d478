"""Who knows whom: our people who know a contact or an organisation, strongest first, and
warm-introduction paths, on the pages and in the API, behind the fence."""

import datetime as dt

import pytest
from django.utils import timezone

from stakeholders.models import Relationship
from tests import factories

pytestmark = pytest.mark.django_db


def _knows(staff, contact, strength, tier="operational", days_ago=3, status="active"):
    rel = factories.RelationshipFactory(staff=staff, contact=contact, tier=tier)
    Relationship.objects.filter(pk=rel.pk).update(
        strength=strength,
        status=status,
        last_interaction_at=timezone.now() - dt.timedelta(days=days_ago),
    )
    return rel


@pytest.fixture
def acme():
    return factories.OrganisationFactory(name="Acme")


def test_a_contact_known_well_comes_ranked_without_paths(client_for, owner, teammate, acme):
    carla = factories.ContactFactory(organisation=acme, first_name="Carla")
    _knows(owner, carla, 35, "operational")
    _knows(teammate, carla, 72, "executive")
    _knows(factories.UserFactory(), carla, 90, status="ended")
    _knows(owner, factories.ContactFactory(organisation=acme), 80)  # a colleague of hers
    body = client_for(owner).get(f"/api/v1/contacts/{carla.pk}/who-knows/").json()
    assert [(r["user"], r["strength"], r["tier"]) for r in body["results"]] == [
        (teammate.pk, 72, "executive"),
        (owner.pk, 35, "operational"),
    ]
    assert body["results"][0]["name"] == teammate.get_full_name()
    assert body["results"][0]["last_interaction_at"]
    assert body["paths"] == []


def test_nobody_knows_her_well_so_colleagues_open_paths(client_for, owner, teammate, acme):
    dana = factories.ContactFactory(organisation=acme, first_name="Dana", last_name="Holt")
    _knows(owner, dana, 12)
    maria = factories.ContactFactory(organisation=acme, first_name="Maria", last_name="Lopez")
    _knows(teammate, maria, 64, "executive")
    _knows(owner, factories.ContactFactory(organisation=acme), 20)
    _knows(owner, factories.ContactFactory(), 99)  # another organisation: no path
    body = client_for(owner).get(f"/api/v1/contacts/{dana.pk}/who-knows/").json()
    assert [r["user"] for r in body["results"]] == [owner.pk]
    assert body["paths"][0] == {
        "via_user": teammate.pk,
        "via_user_name": teammate.get_full_name(),
        "via_contact": maria.pk,
        "via_contact_name": "Maria Lopez",
        "strength": 64,
    }
    assert [p["strength"] for p in body["paths"]] == [64, 20]


def test_an_organisation_is_known_by_each_persons_strongest_tie(client_for, owner, teammate, acme):
    division = factories.OrganisationFactory(parent=acme, name="Acme Rail")
    _knows(owner, factories.ContactFactory(organisation=acme), 30, "operational")
    _knows(owner, factories.ContactFactory(organisation=division), 55, "executive")
    _knows(teammate, factories.ContactFactory(organisation=acme), 40, "institutional")
    body = client_for(owner).get(f"/api/v1/organisations/{acme.pk}/who-knows/").json()
    assert [(r["user"], r["strength"], r["tier"], r["contacts"]) for r in body["results"]] == [
        (owner.pk, 55, "executive", 2),
        (teammate.pk, 40, "institutional", 1),
    ]
    assert body["paths"] == []
    # A division's page counts its own people only.
    only_rail = client_for(owner).get(f"/api/v1/organisations/{division.pk}/who-knows/").json()
    assert [(r["user"], r["contacts"]) for r in only_rail["results"]] == [(owner.pk, 1)]


def test_the_fence_holds(client_for, owner, outsider, fenced_org, fenced_contact, acme):
    _knows(owner, fenced_contact, 70)
    outside = factories.ContactFactory(organisation=acme)
    _knows(owner, outside, 60)
    client = client_for(outsider)
    assert client.get(f"/api/v1/contacts/{fenced_contact.pk}/who-knows/").status_code == 404
    # The organisation itself is not secret, the people who know it behind the fence are.
    assert client.get(f"/api/v1/organisations/{fenced_org.pk}/who-knows/").json() == {
        "results": [],
        "paths": [],
    }
    assert client.get("/api/v1/contacts/999999/who-knows/").status_code == 404
    assert (
        client.get(f"/api/v1/contacts/{outside.pk}/who-knows/").json()["results"][0]["strength"]
        == 60
    )
    assert (
        client_for(owner).get(f"/api/v1/contacts/{fenced_contact.pk}/who-knows/").status_code == 200
    )


def test_the_pages_say_who_knows_them_and_who_could_introduce(client, owner, teammate, acme):
    dana = factories.ContactFactory(organisation=acme, first_name="Dana", last_name="Holt")
    maria = factories.ContactFactory(organisation=acme, first_name="Maria", last_name="Lopez")
    _knows(teammate, maria, 64, "executive")
    client.force_login(owner)
    contact_page = client.get(f"/contacts/{dana.pk}/").content.decode()
    assert "None of our people knows Dana Holt yet." in contact_page
    assert "Warm introductions" in contact_page
    assert f'href="/contacts/{maria.pk}/">Maria Lopez</a>' in contact_page
    org_page = client.get(f"/organisations/{acme.pk}/").content.decode()
    assert 'id="who-knows-h"' in org_page
    assert "strength 64 · executive" in org_page and "knows 1 of their people" in org_page


@pytest.mark.parametrize("rows", [1, 10, 50])
def test_query_count_is_constant(client_for, owner, acme, django_assert_num_queries, rows):
    target = factories.ContactFactory(organisation=acme)
    for _ in range(rows):
        colleague = factories.ContactFactory(organisation=acme)
        person = factories.UserFactory()
        _knows(person, colleague, 30)
        _knows(person, target, 10)
    client = client_for(owner)
    # the token with its user, the role; the contact (through the fence); who knows them;
    # the paths
    with django_assert_num_queries(5):
        client.get(f"/api/v1/contacts/{target.pk}/who-knows/")
    # the token with its user, the role; the organisation; each person's best tie; its tier
    with django_assert_num_queries(5):
        client.get(f"/api/v1/organisations/{acme.pk}/who-knows/")
