import pytest

from tests import factories
from tests.pages import pager_link


def test_search_and_filters(client, owner):
    press = factories.CommunityFactory(name="Press")
    acme = factories.AccountFactory(organisation__name="Acme Steel", manager=owner, current_level=3)
    acme.organisation.communities.add(press)
    factories.OrganisationFactory(name="Acme Foods")
    factories.OrganisationFactory(name="Borealis")
    client.force_login(owner)
    search = client.get("/organisations/?q=acme").content.decode()
    assert "Acme Steel" in search and "Acme Foods" in search and "Borealis" not in search
    community = client.get(f"/organisations/?community={press.pk}").content.decode()
    assert "Acme Steel" in community and "Acme Foods" not in community
    key = client.get("/organisations/?key=yes").content.decode()
    assert "Acme Steel" in key and "Borealis" not in key
    level = client.get("/organisations/?level=3").content.decode()
    assert "Acme Steel" in level and "Acme Foods" not in level


def test_sort_by_name_descending(client, owner):
    factories.OrganisationFactory(name="Aardvark")
    factories.OrganisationFactory(name="Zebra")
    client.force_login(owner)
    body = client.get("/organisations/?sort=-name").content.decode()
    assert body.index("Zebra") < body.index("Aardvark")


def test_bad_filter_values_are_ignored_not_500(client, owner):
    factories.OrganisationFactory(name="Aardvark")
    client.force_login(owner)
    response = client.get("/organisations/?level=9&community=abc&sort=evil&page=x")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Aardvark" in body and 'role="alert"' in body


def test_pages_without_counting(client, owner):
    for i in range(51):
        factories.OrganisationFactory(name=f"Org {i:03d}")
    client.force_login(owner)
    first = client.get("/organisations/").content.decode()
    assert "Org 049" in first and "Org 050" not in first
    second = client.get("/organisations/" + pager_link(first, "next")).content.decode()
    assert "Org 050" in second and "Org 049" not in second and "Page 2" in second
    assert pager_link(second, "next") is None
    # Links by number, from before pages had cursors, still work.
    assert "Org 050" in client.get("/organisations/?page=2").content.decode()


def test_empty_result_says_what_to_do(client, owner):
    client.force_login(owner)
    assert "No organisation matches" in client.get("/organisations/?q=zzz").content.decode()


def test_htmx_request_returns_only_the_rows(client, owner):
    factories.OrganisationFactory(name="Aardvark")
    client.force_login(owner)
    body = client.get("/organisations/?q=aard", headers={"HX-Request": "true"}).content.decode()
    assert "Aardvark" in body and "<html" not in body


@pytest.mark.parametrize("rows", [1, 10, 100])
def test_query_count_is_constant(client, owner, django_assert_num_queries, rows):
    community = factories.CommunityFactory()
    for account in factories.AccountFactory.create_batch(rows, manager=owner):
        account.organisation.communities.add(community)
    client.force_login(owner)
    # session, user; organisations with parent and account; their communities; the
    # communities offered by the filter
    with django_assert_num_queries(5):
        assert client.get("/organisations/").status_code == 200
