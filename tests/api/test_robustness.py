"""Hostile values in every writable field of every resource: a 4xx, never a 5xx.

The API is fuzzed from its schema in CI; this is the quick, deterministic version of that,
run against both SQLite and PostgreSQL (which refuses NUL characters outright).
"""

import pytest

from interventions.api.commitments import CommitmentSerializer
from interventions.api.interactions import InteractionSerializer
from interventions.api.interventions import InterventionSerializer
from interventions.api.issues import IssueSerializer
from interventions.api.urls import RESOURCES as INTERVENTION_RESOURCES
from stakeholders.api.accounts import AccountSerializer
from stakeholders.api.assessments import AssessmentSerializer
from stakeholders.api.communities import CommunitySerializer
from stakeholders.api.contacts import ContactSerializer
from stakeholders.api.organisations import OrganisationSerializer
from stakeholders.api.relationships import RelationshipSerializer
from stakeholders.api.units import UnitSerializer
from stakeholders.api.urls import RESOURCES as STAKEHOLDER_RESOURCES
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
    "communities": CommunitySerializer,
    "organisations": OrganisationSerializer,
    "contacts": ContactSerializer,
    "units": UnitSerializer,
    "accounts": AccountSerializer,
    "relationships": RelationshipSerializer,
    "assessments": AssessmentSerializer,
    "interventions": InterventionSerializer,
    "interactions": InteractionSerializer,
    "commitments": CommitmentSerializer,
    "issues": IssueSerializer,
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
    prefix: viewset for prefix, viewset, _ in STAKEHOLDER_RESOURCES + INTERVENTION_RESOURCES
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
