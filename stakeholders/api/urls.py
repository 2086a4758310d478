"""The stakeholders' routes under /api/v1/ (mounted by relmap/api/urls.py)."""

from django.urls import path

from core.api.routing import api_urls
from stakeholders.api import (
    accounts,
    assessments,
    communities,
    contacts,
    organisations,
    relationships,
    surveys,
    sync,
    units,
    users,
)

# (prefix, view set, basename) for the router.
RESOURCES = [
    ("communities", communities.CommunityViewSet, "community"),
    ("organisations", organisations.OrganisationViewSet, "organisation"),
    ("contacts", contacts.ContactViewSet, "contact"),
    ("units", units.UnitViewSet, "unit"),
    ("users", users.UserViewSet, "user"),
    ("accounts", accounts.AccountViewSet, "account"),
    ("relationships", relationships.RelationshipViewSet, "relationship"),
    ("assessments", assessments.AssessmentViewSet, "assessment"),
    ("assessment-requests", surveys.AssessmentRequestViewSet, "assessment-request"),
]

# Workflow endpoints: routed before the resources, so `contacts/changes/` is not read as a
# contact's id.
urlpatterns = api_urls(
    [
        path("contacts/changes/", sync.ContactChangesView.as_view(), name="api-contact-changes"),
        path("contacts/bulk/", sync.ContactBulkView.as_view(), name="api-contact-bulk"),
    ]
)
