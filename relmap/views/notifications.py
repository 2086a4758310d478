"""One's notifications: the bell in the header, the list, opening one, marking them read.

A notification about an account the reader may no longer see (its fence rose since) is hidden
like everything else behind the fence: from the count, the list, and opening it (404).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from core.paging import page_of
from notifications.models import Notification
from notifications.services import mark_read
from stakeholders import access

PER_PAGE = 30
BELL_LIMIT = 99


def _mine(user):
    return access.filter_fenced(Notification.objects.filter(user=user), user, "root")


@require_GET
def bell(request):
    """The header's bell with the unread count: loaded by htmx after the page (so pages cost
    no query for it) and every minute; without JavaScript the bell is a plain link."""
    unread = _mine(request.user).filter(read_at__isnull=True)[: BELL_LIMIT + 1].count()
    return render(request, "relmap/_bell.html", {"unread": unread, "limit": BELL_LIMIT})


@require_GET
def notification_list(request):
    page = page_of(_mine(request.user), request, per_page=PER_PAGE)
    return render(request, "relmap/notifications.html", {"page": page})


@require_GET
def notification_open(request, pk):
    notification = _mine(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification.")
    mark_read(user=request.user, ids=[notification.pk])
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect("notification_list")
    return redirect(target)


@require_POST
def notifications_read(request):
    count = mark_read(user=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect("notification_list")
