"""Mail and meetings become interactions as if logged by hand: matched on addresses, idempotent,
updated when an event moves, removed when it is cancelled, and fence breaches recorded."""

import datetime as dt
import io

import pytest

from capture.models import CapturedItem, UnknownAddress
from capture.services import capture_file
from interventions.models import Interaction
from interventions.selectors import account_conflicts
from interventions.services import interaction_log
from notifications.models import Notification
from stakeholders.models import Relationship
from tests import factories
from tests.capture.files import upload

pytestmark = pytest.mark.django_db


def test_an_outlook_mail_becomes_an_email_interaction_at_its_date(cast):
    outcome = upload("outlook.eml", by=cast["alice"])
    assert outcome.counts() == {
        "created": 1,
        "updated": 0,
        "removed": 0,
        "skipped": 0,
        "unmatched": 0,
    }
    (interaction,) = Interaction.objects.all()
    assert interaction.kind == "email"
    assert interaction.occurred_at == dt.datetime(2026, 11, 17, 9, 13, 58, tzinfo=dt.UTC)
    assert interaction.organisation == cast["acme"]
    assert interaction.summary == "RE: Delivery schedule – week 48"
    assert interaction.notes == ""
    assert interaction.sentiment is None
    # Chloe is an executive: the most senior participant sets the tier.
    assert interaction.tier == "executive"
    assert list(interaction.contacts.all()) == [cast["chloe"]]
    assert list(interaction.staff.all()) == [cast["alice"]]
    assert interaction.outside_fence is False
    # Strength and last contact as when logging by hand.
    rel = Relationship.objects.get(staff=cast["alice"], contact=cast["chloe"])
    assert rel.interaction_count == 1
    assert rel.last_interaction_at == interaction.occurred_at
    assert rel.strength > 0
    # Anna at Contoso is no contact yet: a suggestion, not a contact; Dave is one of ours
    # by his domain, never suggested.
    assert list(UnknownAddress.objects.values_list("address", flat=True)) == [
        "anna@contoso.example"
    ]


def test_the_same_message_twice_is_one_interaction(cast):
    upload("outlook.eml", by=cast["alice"])
    again = upload("outlook.eml", by=cast["bob"])
    assert again.counts()["created"] == 0 and again.reasons == {"captured already": 1}
    assert Interaction.objects.count() == 1
    assert Relationship.objects.get(staff=cast["alice"]).interaction_count == 1


def test_plus_addressing_and_case_are_ignored(cast):
    # Gmail: From Chloe.Petrov+orders@…, to alice.archer@… in lower case.
    assert upload("gmail.eml").created == 1
    interaction = Interaction.objects.get()
    assert list(interaction.contacts.all()) == [cast["chloe"]]
    assert list(interaction.staff.all()) == [cast["alice"]]


def test_a_recurring_apple_calendar_event_is_each_occurrence_but_exceptions(cast):
    outcome = upload("apple.ics")
    assert outcome.created == 3
    meetings = Interaction.objects.order_by("occurred_at")
    assert [m.kind for m in meetings] == ["meeting"] * 3
    # 5 Oct; the 12th moved to the 13th at 14:00; the 19th excluded; 26 Oct (after DST ends).
    assert [m.occurred_at.astimezone(dt.UTC) for m in meetings] == [
        dt.datetime(2026, 10, 5, 8, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 13, 12, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 26, 9, 0, tzinfo=dt.UTC),
    ]
    assert meetings[1].summary == "Weekly supply review (moved)"
    # Anna declined: not a participant.
    assert UnknownAddress.objects.count() == 0
    assert upload("apple.ics").created == 0


def test_a_moved_event_updates_its_interaction_and_a_cancelled_one_removes_it(cast):
    acme = cast["acme"]
    acme_account = acme.account
    acme_account.team.add(cast["bob"])
    assert upload("outlook-invite.ics").created == 1
    first = Interaction.objects.get()
    assert first.occurred_at == dt.datetime(2026, 11, 10, 13, 0, tzinfo=dt.UTC)
    moved = upload("outlook-moved.ics")
    assert (moved.created, moved.updated) == (0, 1)
    (now,) = Interaction.objects.all()
    assert now.occurred_at == dt.datetime(2026, 11, 11, 8, 0, tzinfo=dt.UTC)
    # The same interaction, moved: its id, notes and links stay; its version goes up.
    assert (now.pk, now.version) == (first.pk, first.version + 1)
    rel = Relationship.objects.get(staff=cast["bob"], contact=cast["chloe"])
    assert (rel.interaction_count, rel.last_interaction_at) == (1, now.occurred_at)
    cancelled = upload("outlook-cancel.ics")
    assert cancelled.removed == 1
    assert not Interaction.objects.exists()
    rel.refresh_from_db()
    assert (rel.interaction_count, rel.last_interaction_at, rel.strength) == (0, None, 0)
    # The cancellation again: nothing left to remove.
    assert upload("outlook-cancel.ics").reasons == {"cancelled": 1}


def test_a_meeting_across_the_fence_is_recorded_hidden_and_a_conflict(cast):
    alice, bob = cast["alice"], cast["bob"]
    outcome = upload("outlook-invite.ics", by=bob)
    assert outcome.created == 1
    interaction = Interaction.objects.get()
    assert interaction.outside_fence is True
    # It happened, but only the team and executives see it.
    assert not Interaction.objects.visible_to(bob).exists()
    assert Interaction.objects.visible_to(alice).get() == interaction
    assert Interaction.objects.visible_to(cast["erin"]).get() == interaction
    (conflict,) = account_conflicts(alice, cast["acme"])
    assert conflict.kind == "fence_breach"
    assert conflict.message == "Bob Baker met Chloe Petrov, outside the account team"
    assert account_conflicts(bob, cast["acme"]) == []
    (told,) = Notification.objects.filter(user=alice, kind="fence_breach")
    assert told.message == (
        "Bob Baker met Chloe Petrov, outside the account team at fenced Acme Steel."
    )


def test_an_executive_is_never_outside_a_fence(cast):
    cast["erin"].email = "bob.baker@northwind-freight.example"
    cast["erin"].save()
    cast["bob"].email = "bob@elsewhere.example"
    cast["bob"].save()
    upload("outlook-invite.ics")
    assert Interaction.objects.get().outside_fence is False
    assert not Notification.objects.exists()


def test_mail_with_none_of_ours_or_no_known_contact_is_not_an_interaction(cast):
    cast["alice"].email = "alice@elsewhere.example"
    cast["alice"].save()
    outcome = upload("gmail.eml")
    assert outcome.reasons == {"none of our people": 1}
    assert not CapturedItem.objects.exists()
    cast["chloe"].email = "someone@acme-steel.example"
    cast["chloe"].save()
    cast["alice"].email = "alice.archer@northwind-freight.example"
    cast["alice"].save()
    outcome = upload("gmail.eml")
    assert (outcome.created, outcome.unmatched) == (0, 1)
    assert not Interaction.objects.exists()


def test_strength_and_last_contact_are_as_if_logged_by_hand(cast):
    alice, chloe = cast["alice"], cast["chloe"]
    twin = factories.ContactFactory(
        organisation=cast["acme"], seniority="executive", email="twin@acme-steel.example"
    )
    upload("apple.ics")  # three meetings with Chloe
    for meeting in Interaction.objects.filter(contacts=chloe).order_by("occurred_at"):
        interaction_log(
            logged_by=alice,
            organisation=cast["acme"],
            summary=meeting.summary,
            kind="meeting",
            occurred_at=meeting.occurred_at,
            contacts=[twin],
            sentiment=0,
        )
    captured = Relationship.objects.get(staff=alice, contact=chloe)
    by_hand = Relationship.objects.get(staff=alice, contact=twin)
    fields = ("interaction_count", "last_interaction_at", "strength", "status", "tier")
    assert [getattr(captured, f) for f in fields] == [getattr(by_hand, f) for f in fields]
    assert captured.decayed_count == pytest.approx(by_hand.decayed_count)


def test_an_older_version_never_undoes_a_newer_one(cast):
    cast["acme"].account.team.add(cast["bob"])
    upload("outlook-invite.ics")
    upload("outlook-cancel.ics")
    again = upload("outlook-invite.ics")  # the invitation, re-sent or re-imported
    assert again.reasons == {"an older version of what was captured": 1}
    assert not Interaction.objects.exists()


def test_a_cancellation_seen_first_keeps_the_older_invitation_out(cast):
    cast["acme"].account.team.add(cast["bob"])
    assert upload("outlook-cancel.ics").reasons == {"cancelled": 1}
    assert upload("outlook-invite.ics").created == 0
    assert not Interaction.objects.exists()


def test_what_someone_who_left_did_stays_theirs(cast):
    upload("outlook.eml")
    cast["alice"].is_active = False
    cast["alice"].save()
    assert upload("outlook.eml").reasons == {"captured already": 1}
    assert Interaction.objects.count() == 1


def test_a_breach_is_no_conflict_once_the_fence_is_down(cast):
    upload("outlook-invite.ics")
    account = cast["acme"].account
    account.is_fenced = False
    account.save()
    assert account_conflicts(cast["erin"], cast["acme"]) == []


def _series(start: str, extra: str = "", sequence: int = 0) -> io.BytesIO:
    body = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:series-1\n"
        f"DTSTART:{start}\nRRULE:FREQ=WEEKLY;COUNT=4\n{extra}SEQUENCE:{sequence}\n"
        "SUMMARY:Weekly\nORGANIZER:mailto:alice.archer@northwind-freight.example\n"
        "ATTENDEE:mailto:chloe.petrov@acme-steel.example\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    return io.BytesIO(body.encode())


def test_a_series_moved_as_a_whole_replaces_its_occurrences(cast):
    assert capture_file(_series("20261005T080000Z"), "a.ics").created == 4
    moved = capture_file(_series("20261005T090000Z", sequence=1), "a.ics")
    assert (moved.created, moved.removed) == (4, 4)
    hours = sorted({i.occurred_at.hour for i in Interaction.objects.all()})
    assert (Interaction.objects.count(), hours) == (4, [9])
    rel = Relationship.objects.get(staff=cast["alice"], contact=cast["chloe"])
    assert rel.interaction_count == 4


def test_an_occurrence_excluded_later_is_removed(cast):
    capture_file(_series("20261005T080000Z"), "a.ics")
    later = capture_file(
        _series("20261005T080000Z", "EXDATE:20261012T080000Z\n", sequence=1), "a.ics"
    )
    assert later.removed == 1
    assert Interaction.objects.count() == 3


def test_what_people_added_to_a_captured_meeting_survives_its_move(cast):
    cast["acme"].account.team.add(cast["bob"])
    upload("outlook-invite.ics")
    meeting = Interaction.objects.get()
    Interaction.objects.filter(pk=meeting.pk).update(notes="Bring the volume forecast.")
    upload("outlook-moved.ics")
    moved = Interaction.objects.get()
    assert (moved.pk, moved.notes) == (meeting.pk, "Bring the volume forecast.")
    assert list(moved.contacts.all()) == [cast["chloe"]]
