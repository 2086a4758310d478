"""Contact sync routes; included before the router so they win over `contacts/<pk>/`."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from relmap.api.sync_views import ContactBulkView, ContactChangesView

urlpatterns = [
    path(
        "contacts/changes/",
        login_not_required(ContactChangesView.as_view()),
        name="api-contact-changes",
    ),
    path("contacts/bulk/", login_not_required(ContactBulkView.as_view()), name="api-contact-bulk"),
]
