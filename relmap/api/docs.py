"""The API's documentation page: Swagger UI over the OpenAPI schema, in Relmap's frame.

Every script on it is a static file (the sidecar's Swagger UI and relmap/api-docs.js, which
starts it), so it works under the Content-Security-Policy and on an intranet with no internet.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
@login_not_required
def api_docs(request):
    return render(request, "relmap/api_docs.html")
