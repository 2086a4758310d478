"""The icon browsers ask for at /favicon.ico, whatever the page's own link says."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@require_GET
@login_not_required
def favicon(request):
    # Not permanent: the static file's address may change with a release.
    return redirect(static("relmap/favicon.svg"))
