import pytest

from tests import factories


def test_list_and_detail_show_strategy_and_members(client, owner):
    community = factories.CommunityFactory(
        name="Regional press",
        kind="media",
        target="Editors of the regional dailies",
        objective="Be the first call on logistics stories",
        intended_outcome="Fair coverage of the depot expansion",
    )
    member = factories.OrganisationFactory(name="Daily Courier")
    member.communities.add(community)
    client.force_login(owner)
    listing = client.get("/communities/").content.decode()
    assert "Regional press" in listing and "Be the first call" in listing
    body = client.get(f"/communities/{community.pk}/").content.decode()
    for text in ("Editors of the regional dailies", "Fair coverage", "Daily Courier", "Media"):
        assert text in body, text


def test_empty_states(client, owner):
    client.force_login(owner)
    assert "No communities yet" in client.get("/communities/").content.decode()
    community = factories.CommunityFactory()
    assert "No organisation belongs" in client.get(f"/communities/{community.pk}/").content.decode()


def test_unknown_community_is_404(client, owner):
    client.force_login(owner)
    assert client.get("/communities/999/").status_code == 404


@pytest.mark.parametrize("rows", [1, 10, 100])
def test_list_query_count_is_constant(client, owner, django_assert_num_queries, rows):
    factories.CommunityFactory.create_batch(rows)
    client.force_login(owner)
    # session, user; communities with owner unit and member count
    with django_assert_num_queries(3):
        assert client.get("/communities/").status_code == 200


@pytest.mark.parametrize("rows", [1, 10, 100])
def test_detail_query_count_is_constant(client, owner, django_assert_num_queries, rows):
    community = factories.CommunityFactory()
    for org in factories.OrganisationFactory.create_batch(rows):
        org.communities.add(community)
    client.force_login(owner)
    # session, user; community with owner unit; members with account and parent
    with django_assert_num_queries(4):
        assert client.get(f"/communities/{community.pk}/").status_code == 200
