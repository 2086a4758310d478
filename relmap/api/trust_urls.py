"""Trust routes: history, personal data, API tokens and the audit trail (relmap/api/trust_views)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import re_path
from rest_framework.routers import DefaultRouter

from relmap.api import trust_views


class _Router(DefaultRouter):
    include_format_suffixes = False
    include_root_view = False


router = _Router()
router.register("audit-events", trust_views.AuditEventViewSet, basename="audit-event")
router.register("tokens", trust_views.ApiTokenViewSet, basename="api-token")

# Ids of up to 18 digits fit a bigint; longer ones are simply not found.
ID = r"(?P<pk>[0-9]{1,18})"

urlpatterns = [
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

# The API answers 401 itself; LoginRequiredMiddleware must not redirect its clients.
for pattern in urlpatterns:
    login_not_required(pattern.callback)
