"""Hostile values in every writable field of every resource: a 4xx, never a 5xx.

The API is fuzzed from its schema in CI; this is the quick, deterministic version of that,
run against both SQLite and PostgreSQL (which refuses NUL characters outright).
"""

import pytest

from interventions import api as interventions_api
from stakeholders import api as stakeholders_api
from tests import factories

HOSTILE = [
    None,
    "a\x00b",
    "x" * 70_000,
    2**64,
    -(2**64),
    1.5,
    [2**64],
    {"a": 1},
    "9999-12-31T23:59:59-12:00",
]

SERIALIZERS = {
    "communities": stakeholders_api.CommunitySerializer,
    "organisations": stakeholders_api.OrganisationSerializer,
    "contacts": stakeholders_api.ContactSerializer,
    "units": stakeholders_api.UnitSerializer,
    "accounts": stakeholders_api.AccountSerializer,
    "relationships": stakeholders_api.RelationshipSerializer,
    "assessments": stakeholders_api.AssessmentSerializer,
    "interventions": interventions_api.InterventionSerializer,
    "interactions": interventions_api.InteractionSerializer,
    "commitments": interventions_api.CommitmentSerializer,
    "issues": interventions_api.IssueSerializer,
}


def writable_fields(resource):
    fields = SERIALIZERS[resource]().fields
    return [name for name, field in fields.items() if not field.read_only]


def existing_row(resource, user):
    org = factories.OrganisationFactory()
    make = {
        "communities": lambda: factories.CommunityFactory(),
        "organisations": lambda: org,
        "contacts": lambda: factories.ContactFactory(organisation=org),
        "units": lambda: factories.UnitFactory(),
        "accounts": lambda: factories.AccountFactory(manager=user),
        "relationships": lambda: factories.RelationshipFactory(staff=user),
        "assessments": lambda: factories.AssessmentFactory(account__manager=user),
        "interventions": lambda: factories.InterventionFactory(owner=user),
        "interactions": lambda: factories.InteractionFactory(logged_by=user),
        "commitments": lambda: factories.CommitmentFactory(owner=user),
        "issues": lambda: factories.IssueFactory(owner=user),
    }
    return make[resource]()


@pytest.mark.parametrize("resource", sorted(SERIALIZERS))
def test_hostile_values_never_cause_a_server_error(client_for, admin_user, resource):
    client = client_for(admin_user)
    row = existing_row(resource, admin_user)
    url = f"/api/v1/{resource}/"
    failures = []
    for field in writable_fields(resource):
        for value in HOSTILE:
            for method, target in (("post", url), ("patch", f"{url}{row.pk}/")):
                response = getattr(client, method)(target, {field: value}, format="json")
                if response.status_code >= 500:
                    failures.append((method, field, repr(value)[:40], response.status_code))
    assert failures == []


VIEWSETS = {
    "communities": stakeholders_api.CommunityViewSet,
    "organisations": stakeholders_api.OrganisationViewSet,
    "contacts": stakeholders_api.ContactViewSet,
    "units": stakeholders_api.UnitViewSet,
    "users": stakeholders_api.UserViewSet,
    "accounts": stakeholders_api.AccountViewSet,
    "relationships": stakeholders_api.RelationshipViewSet,
    "assessments": stakeholders_api.AssessmentViewSet,
    "interventions": interventions_api.InterventionViewSet,
    "interactions": interventions_api.InteractionViewSet,
    "commitments": interventions_api.CommitmentViewSet,
    "issues": interventions_api.IssueViewSet,
}
HOSTILE_QUERY_VALUES = ["%00", "x" * 300, "99999999999999999999999", "-1", "1.5", "2026-13-45"]


@pytest.mark.parametrize("resource", sorted(VIEWSETS))
def test_hostile_filter_values_never_cause_a_server_error(client_for, admin_user, resource):
    client = client_for(admin_user)
    if resource in SERIALIZERS:
        existing_row(resource, admin_user)
    names = list(VIEWSETS[resource].filterset_class.base_filters) + ["page", "page_size"]
    failures = []
    for name in names:
        for value in HOSTILE_QUERY_VALUES:
            response = client.get(f"/api/v1/{resource}/?{name}={value}")
            if response.status_code >= 500:
                failures.append((name, value[:20], response.status_code))
    assert failures == []
