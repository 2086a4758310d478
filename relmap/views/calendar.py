"""A person's private iCalendar feed (`/calendar/<token>.ics`): their open commitments on the
day they are due, their planned and active interventions over their window, and their
relationships on the day they go dormant unless someone is in touch. Phone and desktop
calendars subscribe to it; the token (notifications/calendar.py) is the only key, so an
unknown or revoked one is a plain 404, and everything keeps to what its owner may see now.
"""

import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from interventions.models import Commitment, Intervention
from notifications import mail
from notifications.calendar import feed_for_token
from notifications.models import CalendarFeed
from stakeholders.models import Relationship

LIMIT = 500
DAY = dt.timedelta(days=1)
# Relationships gone quiet longer ago than this are the map's business, not the calendar's.
RECENT = dt.timedelta(days=30)


def _event(uid: str, summary: str, starts: dt.date, ends: dt.date, url: str, stamp) -> Event:
    event = Event()
    event.add("uid", f"{uid}@relmap")
    event.add("summary", summary)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("dtstamp", stamp)
    event.add("url", mail.absolute(url))
    event.add("transp", "TRANSPARENT")
    return event


def _commitments(user, stamp):
    for c in (
        Commitment.objects.visible_to(user)
        .filter(owner=user, status=Commitment.Status.OPEN)
        .select_related("organisation")
        .order_by("due_on", "pk")[:LIMIT]
    ):
        url = reverse("organisation_detail", args=[c.organisation_id]) + "#commitments-h"
        summary = f"Due: {c.description} ({c.organisation.name})"
        yield _event(f"commitment-{c.pk}", summary, c.due_on, c.due_on + DAY, url, stamp)


def _interventions(user, stamp):
    for i in (
        Intervention.objects.visible_to(user)
        .open()
        .filter(owner=user)
        .select_related("organisation", "community")
        .order_by("starts_on", "pk")[:LIMIT]
    ):
        target = i.organisation or i.community
        summary = f"{i.title} ({target.name})" if target else i.title
        url = i.get_absolute_url()
        yield _event(f"intervention-{i.pk}", summary, i.starts_on, i.ends_on + DAY, url, stamp)


def _relationships(user, stamp, now):
    for rel in (
        Relationship.objects.visible_to(user)
        .filter(staff=user, status=Relationship.Status.ACTIVE)
        .select_related("contact__organisation")
        .order_by("last_interaction_at", "pk")[:LIMIT]
    ):
        due = rel.contact_due_at
        if due is None or due < now - RECENT:
            continue
        day = timezone.localdate(due)
        name = rel.contact.full_name
        where = f" ({rel.contact.organisation.name})" if rel.contact.organisation_id else ""
        url = reverse("contact_detail", args=[rel.contact_id])
        summary = f"Get in touch with {name}{where}"
        yield _event(f"relationship-{rel.pk}-{day:%Y%m%d}", summary, day, day + DAY, url, stamp)


@login_not_required
@require_GET
def calendar_feed(request, token):
    feed = feed_for_token(token)
    if feed is None:
        raise Http404("No such calendar.")
    user = feed.user
    now = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Relmap//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Relmap: {user.get_full_name() or user.get_username()}")
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", dt.timedelta(hours=1))
    for events in (_commitments(user, now), _interventions(user, now)):
        for event in events:
            calendar.add_component(event)
    for event in _relationships(user, now, now):
        calendar.add_component(event)
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=now)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="relmap.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
