"""The private calendar feed: made and revoked on the profile, read by calendars without a
login, holding one's commitments, interventions and relationships due, through the fence."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from notifications.calendar import feed_renew, feed_url
from stakeholders.models import Relationship
from tests import factories

pytestmark = pytest.mark.django_db


def _path(feed):
    return feed_url(feed).removeprefix("http://127.0.0.1:8000")


def _events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_holds_my_commitments_interventions_and_relationships_due(
    owner, fenced_org, fenced_contact
):
    today = timezone.localdate()
    commitment = factories.CommitmentFactory(
        organisation=fenced_org, owner=owner, description="Send the price list", due_on=today
    )
    factories.CommitmentFactory(organisation=fenced_org, due_on=today)  # nobody's
    intervention = factories.InterventionFactory(
        organisation=fenced_org, owner=owner, title="Quarterly review",
        starts_on=today, ends_on=today + dt.timedelta(days=3),
    )  # fmt: skip
    rel = factories.RelationshipFactory(staff=owner, contact=fenced_contact, tier="executive")
    Relationship.objects.filter(pk=rel.pk).update(
        last_interaction_at=timezone.now() - dt.timedelta(days=80)
    )
    events = _events(Client().get(_path(feed_renew(user=owner))))
    due = events[f"commitment-{commitment.pk}@relmap"]
    assert str(due["summary"]) == f"Due: Send the price list ({fenced_org.name})"
    assert due.decoded("dtstart") == today
    plan = events[f"intervention-{intervention.pk}@relmap"]
    assert (plan.decoded("dtstart"), plan.decoded("dtend")) == (today, today + dt.timedelta(4))
    (touch,) = [e for uid, e in events.items() if uid.startswith(f"relationship-{rel.pk}-")]
    assert str(touch["summary"]).startswith(f"Get in touch with {fenced_contact.full_name}")
    assert touch.decoded("dtstart") == (timezone.now() + dt.timedelta(days=10)).date()
    assert len(events) == 3


def test_a_new_address_or_turning_it_off_stops_the_old_one(client, owner):
    client.force_login(owner)
    assert b"Make my calendar address" in client.get("/account/").content
    client.post("/account/calendar/", {"action": "renew"})
    page = client.get("/account/").content.decode()
    first = owner.calendar_feed
    assert _path(first).split("/")[-1] in page and "not read yet" in page
    assert Client().get(_path(first)).status_code == 200
    client.post("/account/calendar/", {"action": "renew"})
    owner.refresh_from_db()
    assert Client().get(_path(first)).status_code == 404
    assert Client().get(_path(owner.calendar_feed)).status_code == 200
    second = owner.calendar_feed
    client.post("/account/calendar/", {"action": "stop"})
    assert Client().get(_path(second)).status_code == 404


@pytest.mark.parametrize("token", ["1-" + "0" * 40, "abc", "99999999999999999999999-x", "1"])
def test_a_wrong_token_is_a_plain_404(owner, token):
    feed_renew(user=owner)
    assert Client().get(f"/calendar/{token}.ics").status_code == 404


def test_the_fence_of_today_holds(outsider, fenced_org):
    # An outsider once owned a commitment there; the fence has risen since.
    factories.CommitmentFactory(organisation=fenced_org, owner=outsider, description="Zq")
    events = _events(Client().get(_path(feed_renew(user=outsider))))
    assert events == {}


def test_an_inactive_users_feed_is_gone(owner):
    feed = feed_renew(user=owner)
    owner.is_active = False
    owner.save()
    assert Client().get(_path(feed)).status_code == 404


@pytest.mark.parametrize("rows", [1, 10, 50])
def test_query_count_is_constant(owner, fenced_org, django_assert_num_queries, rows):
    for _ in range(rows):
        factories.CommitmentFactory(organisation=fenced_org, owner=owner)
        factories.InterventionFactory(organisation=fenced_org, owner=owner)
        factories.RelationshipFactory(staff=owner)
    path = _path(feed_renew(user=owner))
    # the feed with its user, commitments, interventions, relationships, the read stamp
    with django_assert_num_queries(5):
        assert Client().get(path).status_code == 200
