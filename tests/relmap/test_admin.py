"""Every model's admin changelist loads, with a constant number of queries."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trust.models import ApiToken, AuditEvent

MODELS = [
    m
    for m in admin.site._registry
    if m._meta.app_label in {"trust", "stakeholders", "interventions", "scorecard"}
]


def _populate(n):
    for _ in range(n):
        account = factories.AccountFactory()
        contact = factories.ContactFactory(organisation=account.organisation)
        factories.RelationshipFactory(contact=contact)
        factories.AssessmentFactory(account=account)
        factories.InterventionFactory(organisation=account.organisation)
        factories.InteractionFactory(organisation=account.organisation)
        factories.CommitmentFactory(organisation=account.organisation)
        factories.IssueFactory(organisation=account.organisation)
        factories.CommunityFactory()


def _changelist_query_counts(client):
    counts = {}
    for model in MODELS:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, model
        counts[model._meta.label] = len(ctx.captured_queries)
    return counts


def test_changelist_query_counts_are_constant(client, admin_user):
    client.force_login(admin_user)
    _populate(1)
    with_one = _changelist_query_counts(client)
    _populate(9)
    with_ten = _changelist_query_counts(client)
    assert with_one == with_ten


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_add_form_loads(client, admin_user, model):
    client.force_login(admin_user)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    # The audit trail is read-only: nobody adds history by hand. Tokens are issued by their
    # owners, who alone see the key.
    expected = 403 if model in (AuditEvent, ApiToken) else 200
    assert client.get(url).status_code == expected


def test_contacts_created_and_deleted_in_the_admin_go_through_the_services(client, admin_user):
    from stakeholders.models import Contact

    client.force_login(admin_user)
    org = factories.OrganisationFactory()
    response = client.post(
        reverse("admin:stakeholders_contact_add"),
        {
            "first_name": "Ana",
            "last_name": "Costa",
            "organisation": org.pk,
            "seniority": "operational",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(first_name="Ana")
    client.post(
        reverse("admin:stakeholders_contact_change", args=[contact.pk]),
        {
            "first_name": "Ana",
            "last_name": "Costa-Silva",
            "organisation": org.pk,
            "seniority": "operational",
        },
    )
    contact.refresh_from_db()
    assert (contact.last_name, contact.version) == ("Costa-Silva", 2)
    client.post(reverse("admin:stakeholders_contact_delete", args=[contact.pk]), {"post": "yes"})
    contact.refresh_from_db()
    assert contact.deleted_at is not None
