"""Trust routes under /api/v1/: history, personal data, API tokens and the audit trail."""

from django.urls import re_path

from core.api.routing import Router, api_urls
from relmap.trust import api as trust_views

router = Router(root_view=False)
router.register("audit-events", trust_views.AuditEventViewSet, basename="audit-event")
router.register("tokens", trust_views.ApiTokenViewSet, basename="api-token")

# Ids of up to 18 digits fit a bigint; longer ones are simply not found.
ID = r"(?P<pk>[0-9]{1,18})"

urlpatterns = api_urls(
    [
        re_path(
            rf"^contacts/{ID}/history/$",
            trust_views.ContactHistoryView.as_view(),
            name="api-contact-history",
        ),
        re_path(
            rf"^organisations/{ID}/history/$",
            trust_views.OrganisationHistoryView.as_view(),
            name="api-organisation-history",
        ),
        re_path(
            rf"^contacts/{ID}/export/$",
            trust_views.ContactExportView.as_view(),
            name="api-contact-export",
        ),
        re_path(
            rf"^contacts/{ID}/erase/$",
            trust_views.ContactEraseView.as_view(),
            name="api-contact-erase",
        ),
        *router.urls,
    ]
)
