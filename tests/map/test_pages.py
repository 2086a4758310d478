"""The company-wide /relmap/ page and one account's map page."""

from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from relmap.views.maps import account_map_context
from tests import factories

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def days_ago(n):
    return timezone.now() - timedelta(days=n)


def build_account(manager, rival, *, name="Acme", fenced=False, team=()):
    """An account held by `manager` alone (so single-threaded), with gaps, a dormant executive
    tie, and a conflict with an intervention by `rival`, of another unit."""
    account = factories.AccountFactory(
        organisation__name=name, manager=manager, is_fenced=fenced, team=list(team)
    )
    org = account.organisation
    boss = factories.ContactFactory(organisation=org, seniority="executive", last_name="Boss")
    other = factories.ContactFactory(organisation=org, seniority="executive", last_name="Quiet")
    factories.RelationshipFactory(staff=manager, contact=boss, tier="operational")
    factories.RelationshipFactory(
        staff=manager, contact=other, tier="executive", last_interaction_at=days_ago(120)
    )
    start = timezone.localdate()
    factories.InterventionFactory(
        organisation=org,
        owner=manager,
        unit=manager.staff_profile.unit,
        starts_on=start,
        ends_on=start + timedelta(days=10),
        title=f"{name} renewal",
    )
    factories.InterventionFactory(
        organisation=org,
        owner=rival,
        unit=rival.staff_profile.unit,
        starts_on=start,
        ends_on=start + timedelta(days=3),
        title=f"{name} campaign",
    )
    return account


def test_anonymous_is_sent_to_login(client, db):
    assert client.get("/relmap/").status_code == 302


def test_relmap_lists_gaps_single_threaded_dormant_and_conflicts(client, owner, outsider):
    account = build_account(owner, outsider)
    client.force_login(owner)
    body = client.get(reverse("relmap")).content.decode()
    link = reverse("organisation_detail", args=[account.organisation_id])
    assert f'href="{link}"' in body
    # Executive and institutional tiers not held (the executive tie lapsed), two executives
    # with no active executive relationship.
    assert "<strong>4</strong> gaps" in body
    assert "<strong>1</strong> single-threaded account" in body
    assert "<strong>1</strong> dormant executive relationship" in body
    assert "<strong>1</strong> conflict" in body
    assert "Acme renewal" in body and "Acme campaign" in body


def test_relmap_filters_by_tier_community_and_unit(client, owner, outsider):
    build_account(owner, outsider)
    client.force_login(owner)
    body = client.get("/relmap/?tier=institutional").content.decode()
    assert "<strong>1</strong> gap" in body
    assert "<strong>0</strong> dormant institutional relationships" in body
    community = factories.CommunityFactory(name="Investors")
    body = client.get(f"/relmap/?community={community.pk}").content.decode()
    assert "<strong>0</strong> gaps" in body and "No gaps for these filters" in body
    unit = outsider.staff_profile.unit
    body = client.get(f"/relmap/?unit={unit.pk}").content.decode()
    assert "<strong>0</strong> single-threaded accounts" in body


def test_relmap_bad_filter_is_a_400_with_the_reason(client, owner):
    client.force_login(owner)
    response = client.get("/relmap/?tier=cosmic&unit=abc")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_outsider_sees_only_a_count_of_fenced_accounts(client, owner, teammate, outsider):
    build_account(owner, outsider, name="Fenced Corp", fenced=True, team=[teammate])
    client.force_login(outsider)
    body = client.get("/relmap/").content.decode()
    assert "Fenced Corp" not in body and "Boss" not in body
    assert "1 fenced account is not included" in body
    client.force_login(teammate)
    assert "Fenced Corp" in client.get("/relmap/").content.decode()


@pytest.mark.parametrize("accounts", [1, 10, 100])
def test_relmap_query_count_is_constant(
    client, owner, outsider, executive, django_assert_num_queries, accounts
):
    for i in range(accounts):
        build_account(owner, outsider, name=f"Account {i:03}", fenced=i % 2 == 0)
    client.force_login(executive)
    # session, user, staff profile (role), accounts, holders, executive gaps, the holders of
    # single-threaded accounts, dormant, conflicts (organisation targets, contact targets,
    # fence breaches, fenced accounts with their teams), filter choices (communities,
    # units). An executive sees every fence, so no count of hidden accounts is asked for.
    with django_assert_num_queries(14):
        response = client.get("/relmap/")
    assert response.status_code == 200
    assert f"<strong>{accounts}</strong> single-threaded" in response.content.decode()


def test_account_map_page_shows_map_table_gaps_and_matrix(client, owner, outsider, executive):
    account = build_account(owner, outsider)
    division = factories.OrganisationFactory(parent=account.organisation, name="Acme <Rail> & Co")
    c = factories.ContactFactory(organisation=division, first_name="Dan", last_name="<Div>")
    factories.RelationshipFactory(staff=executive, contact=c, tier="institutional")
    client.force_login(owner)
    response = client.get(reverse("account_map", args=[account.organisation_id]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in body and "<details" in body
    assert "Acme &lt;Rail&gt; &amp; Co" in body and "<Rail>" not in body
    assert "an executive with no active executive relationship" in body
    assert "Executive counterparts" in body
    assert "Acme campaign" in body


def test_division_map_shows_the_whole_account(client, owner, outsider):
    account = build_account(owner, outsider)
    division = factories.OrganisationFactory(parent=account.organisation, name="Acme Rail")
    client.force_login(owner)
    body = client.get(reverse("account_map", args=[division.pk])).content.decode()
    assert "is a division of" in body and "Boss" in body


def test_account_map_behind_the_fence_shows_the_fence_message(client, owner, teammate, outsider):
    account = build_account(owner, outsider, name="Fenced Corp", fenced=True, team=[teammate])
    client.force_login(outsider)
    response = client.get(reverse("account_map", args=[account.organisation_id]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "behind a picket fence" in body
    assert "<svg" not in body and "Boss" not in body and "Fenced Corp campaign" not in body


def test_unknown_organisation_map_is_404(client, owner):
    client.force_login(owner)
    assert client.get(reverse("account_map", args=[999999])).status_code == 404


def test_organisation_without_an_account_still_has_a_map(client, owner):
    org = factories.OrganisationFactory(name="Loose Ltd")
    factories.RelationshipFactory(staff=owner, contact=factories.ContactFactory(organisation=org))
    context = account_map_context(owner, org)
    assert context["analysis"] is None and len(context["relationships"]) == 1
    ElementTree.fromstring(context["map_svg"])


@pytest.mark.parametrize("relationships", [1, 10, 100])
def test_account_map_query_count_is_constant(
    client, owner, django_assert_num_queries, relationships
):
    account = factories.AccountFactory(manager=owner)
    # Few people, many contacts: users are slow to make (password hashing).
    staff = [
        factories.UserFactory(role="account_manager", role__unit=owner.staff_profile.unit)
        for _ in range(5)
    ]
    for i in range(relationships):
        contact = factories.ContactFactory(
            organisation=account.organisation, seniority="executive" if i % 3 else "operational"
        )
        factories.RelationshipFactory(staff=staff[i % 5], contact=contact, tier="executive")
    client.force_login(owner)
    # session, user, organisation, staff profile (role), fence check, account, relationships,
    # holders, executive gaps, dormant, conflicts (organisation targets, contact targets),
    # fence breaches, executive matrix (our executives, their executives; with no executive
    # of ours there are no pairs to look up)
    with django_assert_num_queries(15):
        response = client.get(reverse("account_map", args=[account.organisation_id]))
    assert response.status_code == 200
    assert response.content.decode().count("<path ") == relationships


def test_interventions_dates_are_windows_not_instants(client, owner, outsider):
    # Adjacent windows at one account make no conflict on the page either.
    account = factories.AccountFactory(manager=owner)
    factories.InterventionFactory(
        organisation=account.organisation,
        owner=owner,
        unit=owner.staff_profile.unit,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 10),
    )
    factories.InterventionFactory(
        organisation=account.organisation,
        owner=outsider,
        unit=outsider.staff_profile.unit,
        starts_on=date(2026, 3, 11),
        ends_on=date(2026, 3, 20),
    )
    client.force_login(owner)
    assert "<strong>0</strong> conflicts" in client.get("/relmap/").content.decode()
