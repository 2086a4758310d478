"""Mail and calendars as they come: malformed headers, broken encodings, huge attachments and
calendar bombs are counted as skipped with a reason, never a 500, never a hang."""

import io
import tracemalloc

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from capture import calendars, reading
from capture.reading import Tally, read
from capture.services import capture_file
from interventions.models import Interaction

pytestmark = pytest.mark.django_db

GOOD = (
    "From: Chloe Petrov <chloe.petrov@acme-steel.example>\n"
    "To: alice.archer@northwind-freight.example\n"
    "Date: Tue, 17 Nov 2026 09:13:58 +0000\n"
    "Message-ID: <{n}@acme-steel.example>\n"
    "Subject: {subject}\n\n"
    "Body line\n"
)


def _mbox(*messages: bytes) -> io.BytesIO:
    return io.BytesIO(
        b"".join(b"From MAILER-DAEMON Tue Nov 17 09:13:58 2026\n" + m + b"\n" for m in messages)
    )


def test_an_mbox_of_ugly_messages_captures_the_good_and_counts_the_rest(cast):
    good = GOOD.format(n=1, subject="Fine").encode()
    no_date = GOOD.format(n=2, subject="x").replace("Date: Tue, 17 Nov 2026 09:13:58 +0000\n", "")
    no_sender = GOOD.format(n=3, subject="x").replace(
        "From: Chloe Petrov <chloe.petrov@acme-steel.example>\n", "From: undisclosed\n"
    )
    bad_date = GOOD.format(n=4, subject="x").replace("Tue, 17 Nov 2026", "the day after")
    unknown_charset = GOOD.format(n=5, subject="=?x-unknown-9?B?w6nDqMOg?=").encode()
    latin1 = GOOD.format(n=6, subject="Réunion").encode("latin-1")
    binary = b"\x00\xff\xfe garbage \x01\x02\n\n\x00\x00"
    escaped_from = (
        GOOD.format(n=7, subject="Quoting").encode() + b"\n>From the archive: not a message\n"
    )
    crlf = GOOD.format(n=8, subject="Windows").replace("\n", "\r\n").encode()
    outcome = capture_file(
        _mbox(
            good,
            no_date.encode(),
            no_sender.encode(),
            bad_date.encode(),
            unknown_charset,
            latin1,
            binary,
            escaped_from,
            crlf,
        ),
        "mail.mbox",
    )
    assert outcome.created == 5
    assert outcome.reasons == {"no readable date": 2, "no sender": 2}
    summaries = set(Interaction.objects.values_list("summary", flat=True))
    # An unknown charset is read as UTF-8; raw Latin-1 bytes as Windows-1252.
    assert summaries == {"Fine", "Quoting", "Windows", "Réunion", "éèà"}


def test_a_huge_attachment_is_streamed_past_not_held(cast):
    attachment = b"QUJD" * 19 + b"\n"  # 77-byte base64 lines
    body = attachment * 400_000  # about 30 MB
    message = GOOD.format(n=9, subject="Big").encode() + b"\n" + body
    stream = _mbox(message, GOOD.format(n=10, subject="After").encode())
    tally = Tally()
    tracemalloc.start()
    items = list(read(stream, "big.mbox", tally))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [i.subject for i in items] == ["Big", "After"]
    assert peak < 2 * 1024 * 1024


def test_a_line_without_end_is_read_in_pieces(cast):
    endless = GOOD.format(n=11, subject="Endless").encode() + b"x" * (5 * reading.MAX_LINE)
    assert [i.subject for i in read(_mbox(endless), "one.mbox", Tally())] == ["Endless"]


def _calendar(*events: str) -> io.BytesIO:
    body = "".join(
        "BEGIN:VEVENT\nUID:{uid}\nDTSTART:{start}\nSUMMARY:Bomb\n{extra}\n"
        "ORGANIZER:mailto:alice.archer@northwind-freight.example\n"
        "ATTENDEE:mailto:chloe.petrov@acme-steel.example\nEND:VEVENT\n".format(**e)
        for e in events
    )
    return io.BytesIO(f"BEGIN:VCALENDAR\nVERSION:2.0\n{body}END:VCALENDAR\n".encode())


def test_a_calendar_bomb_keeps_the_latest_occurrences_and_counts_the_rest(cast):
    daily = {"uid": "daily", "start": "20000101T090000Z", "extra": "RRULE:FREQ=DAILY"}
    secondly = {"uid": "sec", "start": "20200101T090000Z", "extra": "RRULE:FREQ=SECONDLY"}
    outcome = capture_file(_calendar(daily, secondly), "bomb.ics")
    assert outcome.created == calendars.MAX_OCCURRENCES + 1
    assert outcome.reasons == {
        f"recurrences beyond the latest {calendars.MAX_OCCURRENCES} of one event": 1,
        "recurrences more often than daily (only the first is kept)": 1,
    }
    latest = Interaction.objects.order_by("-occurred_at").first()
    assert latest.occurred_at.year == 2026


def test_rules_that_never_match_stop_expanding_when_the_time_is_up(cast, monkeypatch):
    monkeypatch.setattr(calendars, "EXPANSION_SECONDS", 0.0)
    never = [
        {
            "uid": f"never{n}",
            "start": "20000101T090000Z",
            "extra": "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        }
        for n in range(50)
    ]
    outcome = capture_file(_calendar(*never), "never.ics")
    assert outcome.reasons["recurrences not expanded (the calendar took too long)"] == 50
    assert outcome.created == 50  # each series' first occurrence


@pytest.mark.parametrize(
    "content",
    [
        b"BEGIN:VCALENDAR\nthis is not\x00 a calendar",
        b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:not a date\nEND:VEVENT\nEND:VCALENDAR\n",
        b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nEND:VEVENT\nEND:VCALENDAR\n",
    ],
)
def test_a_broken_calendar_is_counted_not_raised(cast, content):
    outcome = capture_file(io.BytesIO(content), "broken.ics")
    assert outcome.created == 0 and outcome.skipped == 1


@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=2000))
def test_any_bytes_as_headers_never_raise(data):
    tally = Tally()
    item = reading.mail_item(data, tally)
    assert item is None or item.addresses


@hypothesis_settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_as_a_calendar_never_raise(data):
    tally = Tally()
    list(calendars.calendar_items(b"BEGIN:VCALENDAR\n" + data, tally))


def test_the_same_message_twice_in_one_mailbox_is_counted_once(cast):
    message = GOOD.format(n=12, subject="Twice").encode()
    outcome = capture_file(_mbox(message, message), "twice.mbox")
    assert outcome.counts() == {
        "created": 1,
        "updated": 0,
        "removed": 0,
        "skipped": 1,
        "unmatched": 0,
    }
    assert outcome.reasons == {"captured already": 1}


@pytest.mark.parametrize(
    ("extra", "start"),
    [
        ("RRULE:FREQ=DAILY;INTERVAL=0", "20260101T090000Z"),
        ("RRULE:FREQ=FOO", "20260101T090000Z"),
        ("RRULE:FREQ=WEEKLY;BYDAY=XX", "20260101T090000Z"),
        ("RRULE:FREQ=WEEKLY\nRRULE:FREQ=DAILY", "20260101T090000Z"),
        ("RRULE:FREQ=DAILY;UNTIL=not-a-date", "20260101T090000Z"),
        ("", "VALUE=TIME:090000"),
    ],
)
def test_broken_rules_and_starts_never_fail_or_hang(cast, extra, start):
    event = {"uid": "broken", "start": start, "extra": extra}
    if start.startswith("VALUE"):
        body = _calendar(event).getvalue().replace(b"DTSTART:VALUE", b"DTSTART;VALUE")
        outcome = capture_file(io.BytesIO(body), "broken.ics")
    else:
        outcome = capture_file(_calendar(event), "broken.ics")
    assert outcome.created + outcome.skipped >= 1
    assert Interaction.objects.count() <= 1


def test_all_day_and_floating_until_are_honoured(cast):
    all_day = {
        "uid": "google",
        "start": "20261001T090000Z",
        "extra": "RRULE:FREQ=WEEKLY;UNTIL=20261015",
    }
    floating = {
        "uid": "outlook",
        "start": "20261101T090000Z",
        "extra": "RRULE:FREQ=DAILY;UNTIL=20261103T090000",
    }
    outcome = capture_file(_calendar(all_day, floating), "until.ics")
    # 1, 8 and 15 October; 1, 2 and 3 November.
    assert outcome.created == 6 and outcome.skipped == 0


def test_several_a_day_by_hour_is_more_often_than_daily(cast):
    hourly = {"uid": "h", "start": "20260101T090000Z", "extra": "RRULE:FREQ=DAILY;BYHOUR=9,10,11"}
    outcome = capture_file(_calendar(hourly), "hourly.ics")
    assert outcome.created == 1
    assert outcome.reasons == {"recurrences more often than daily (only the first is kept)": 1}


@pytest.mark.parametrize(
    "header",
    [
        b"Subject: =?utf-8?B?a?=",
        b"Subject: =?unicode_escape?Q?=5Cud800?=",
        b"Subject: nul \x00 inside",
        b"Date: Fri, 31 Dec 9999 23:59:59 -2359",
        b"From: a@b.com\x00",
    ],
)
def test_hostile_headers_are_skipped_or_cleaned_never_a_failure(cast, header):
    base = GOOD.format(n=13, subject="Base").encode()
    name = header.split(b":", 1)[0]
    lines = [line for line in base.split(b"\n") if not line.startswith(name + b":")]
    message = b"\n".join([header, *lines])
    outcome = capture_file(_mbox(message), "hostile.mbox")
    assert outcome.created + outcome.skipped == 1
    for summary in Interaction.objects.values_list("summary", flat=True):
        assert "\x00" not in summary
        summary.encode("utf-8")
