"""Every list endpoint costs the same number of queries at 1, 10 and 100 rows."""

import pytest

from stakeholders.models import Level
from tests import factories


def _org():
    return factories.OrganisationFactory()


def make_rows(resource, n, user):
    if resource == "communities":
        factories.CommunityFactory.create_batch(n)
    elif resource == "organisations":
        community = factories.CommunityFactory()
        for org in factories.OrganisationFactory.create_batch(n):
            org.communities.add(community)
    elif resource == "contacts":
        factories.ContactFactory.create_batch(n, organisation=_org())
    elif resource == "units":
        factories.UnitFactory.create_batch(n)
    elif resource == "users":
        factories.UserFactory.create_batch(n, password=None)
    elif resource == "accounts":
        for _ in range(n):
            factories.AccountFactory(manager=user, team=[user], current_level=Level.PARTNER)
    elif resource == "relationships":
        org = _org()
        for contact in factories.ContactFactory.create_batch(n, organisation=org):
            factories.RelationshipFactory(staff=user, contact=contact)
    elif resource == "assessments":
        account = factories.AccountFactory(manager=user)
        factories.AssessmentFactory.create_batch(n, account=account)
    elif resource == "interventions":
        org = _org()
        contact = factories.ContactFactory(organisation=org)
        for intervention in factories.InterventionFactory.create_batch(
            n, organisation=org, owner=user
        ):
            intervention.contacts.add(contact)
    elif resource == "interactions":
        org = _org()
        contact = factories.ContactFactory(organisation=org)
        for interaction in factories.InteractionFactory.create_batch(
            n, organisation=org, logged_by=user
        ):
            interaction.contacts.add(contact)
            interaction.staff.add(user)
    elif resource == "commitments":
        factories.CommitmentFactory.create_batch(n, organisation=_org(), owner=user)
    elif resource == "issues":
        factories.IssueFactory.create_batch(n, organisation=_org(), owner=user)


# Each list runs: the token lookup (with its user and staff profile), the COUNT for the
# paginator and the page of rows; `EXTRA` names what else a resource reads.
BASE_QUERIES = 3
EXTRA = {
    "communities": 0,
    "organisations": 1,  # the page's communities (prefetch)
    "contacts": 0,
    "units": 0,
    "users": 0,
    "accounts": 1,  # the page's team members (prefetch)
    "relationships": 0,
    "assessments": 0,
    "interventions": 1,  # the page's contacts (prefetch)
    "interactions": 2,  # the page's contacts and staff (prefetches)
    "commitments": 0,
    "issues": 0,
}


@pytest.mark.parametrize("resource", sorted(EXTRA))
def test_list_query_count_is_constant(client_for, owner, resource, django_assert_num_queries):
    client = client_for(owner)
    # A first call records the token's last use, so the counted calls only read.
    client.get(f"/api/v1/{resource}/")
    created = 0
    for size in (1, 10, 100):
        make_rows(resource, size - created, owner)
        created = size
        with django_assert_num_queries(BASE_QUERIES + EXTRA[resource]):
            response = client.get(f"/api/v1/{resource}/?page_size=1000")
        assert response.status_code == 200
        assert response.json()["count"] >= size
