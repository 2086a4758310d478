"""REST API v1, mounted at /api/v1/: every app's resources and workflow endpoints."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from core.api.routing import Router, api_urls
from exchange.api.urls import RESOURCES as EXCHANGE_RESOURCES
from interventions.api.urls import RESOURCES as INTERVENTION_RESOURCES
from relmap.api import docs
from relmap.api.maps import AccountMapView
from stakeholders.api.urls import RESOURCES as STAKEHOLDER_RESOURCES

router = Router()
for prefix, viewset, basename in (
    STAKEHOLDER_RESOURCES + INTERVENTION_RESOURCES + EXCHANGE_RESOURCES
):
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    # Workflow endpoints first: `contacts/changes/` must not be read as a contact's id.
    path("", include("stakeholders.api.urls")),
    path("accounts/<int:pk>/map/", AccountMapView.as_view(), name="api-account-map"),
    path("", include("scorecard.api.urls")),
    path("", include("capture.api.urls")),
    path("", include("relmap.trust.urls")),
    path("", include(api_urls(router.urls))),
    path(
        "schema/",
        login_not_required(SpectacularAPIView.as_view(authentication_classes=[])),
        name="api-schema",
    ),
    path("docs/", docs.api_docs, name="api-docs"),
]
