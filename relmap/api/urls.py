"""REST API v1, mounted at /api/v1/."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from interventions import api as interventions_api
from stakeholders import api as stakeholders_api


class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
router.register("communities", stakeholders_api.CommunityViewSet, basename="community")
router.register("organisations", stakeholders_api.OrganisationViewSet, basename="organisation")
router.register("contacts", stakeholders_api.ContactViewSet, basename="contact")
router.register("units", stakeholders_api.UnitViewSet, basename="unit")
router.register("users", stakeholders_api.UserViewSet, basename="user")
router.register("accounts", stakeholders_api.AccountViewSet, basename="account")
router.register("relationships", stakeholders_api.RelationshipViewSet, basename="relationship")
router.register("assessments", stakeholders_api.AssessmentViewSet, basename="assessment")
router.register("interventions", interventions_api.InterventionViewSet, basename="intervention")
router.register("interactions", interventions_api.InteractionViewSet, basename="interaction")
router.register("commitments", interventions_api.CommitmentViewSet, basename="commitment")
router.register("issues", interventions_api.IssueViewSet, basename="issue")

# The API answers 401 itself; LoginRequiredMiddleware must not redirect its clients to a login
# page.
for pattern in router.urls:
    login_not_required(pattern.callback)

urlpatterns = [
    # Workflow endpoints first: `contacts/changes/` must not be read as a contact's id.
    path("", include("relmap.api.sync_urls")),
    path("", include("relmap.api.map_urls")),
    path("", include("scorecard.api_urls")),
    path("", include("relmap.api.trust_urls")),
    path("", include(router.urls)),
    path(
        "schema/",
        login_not_required(SpectacularAPIView.as_view(authentication_classes=[])),
        name="api-schema",
    ),
    path(
        "docs/",
        login_not_required(
            SpectacularSwaggerView.as_view(url_name="api-schema", authentication_classes=[])
        ),
        name="api-docs",
    ),
]
