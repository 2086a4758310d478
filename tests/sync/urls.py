"""The real URLs plus POST endpoints that are not naturally idempotent, for the retry tests."""

import threading

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from relmap.urls import urlpatterns as relmap_urlpatterns
from stakeholders import services

# Set by a test to hold a request inside its view (to see the 409 for a request in flight).
view_gate = {"entered": threading.Event(), "release": threading.Event(), "hold": False}


class CreateContactView(APIView):
    """Creates a new contact on every call: a retry without idempotency would duplicate it."""

    def post(self, request):
        if view_gate["hold"]:
            view_gate["entered"].set()
            view_gate["release"].wait(timeout=30)
        contact = services.contact_create(first_name=str(request.data.get("first_name", "X")))
        return Response({"id": contact.pk}, status=201, headers={"Location": f"/c/{contact.pk}"})


class BrokenView(APIView):
    """Writes, then fails: the write must not survive and the key must not be remembered."""

    def post(self, request):
        services.contact_create(first_name="Half-done")
        raise RuntimeError("the server broke after writing")


urlpatterns = [
    path("api/v1/test-contacts/", login_not_required(CreateContactView.as_view())),
    path("api/v1/test-broken/", login_not_required(BrokenView.as_view())),
    *relmap_urlpatterns,
]
