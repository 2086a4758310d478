"""Reading the IMAP mailboxes set up in the admin: only what is new since the last run (by
UIDVALIDITY and UID), headers only, a batch at a time, each batch committed with the position
it reached, so an interrupted run resumes where it stopped and the next run starts there."""

import sys
from io import BytesIO

from django.core.cache import cache
from django.utils import timezone

from capture import secrets
from capture.imap import ImapError, fetch_new
from capture.items import Tally
from capture.matching import Directory
from capture.models import Mailbox
from capture.reading import mail_item, mbox_headers
from capture.services import Outcome, capture_items

BATCH = 500


class Busy(Exception):
    """Another worker (or "Capture now") is reading this mailbox."""


LOCK_SECONDS = 3600


def mailbox_capture(mailbox: Mailbox, *, batch: int = BATCH, ssl_context=None) -> Outcome:
    """Capture the new messages of one mailbox, one reader at a time across every worker and
    app server (a lock in the shared cache; Busy if it is taken). An ImapError (or a wrong
    encryption key) is kept in `last_error` and raised; what was captured before it stays."""
    lock = f"relmap:capture:mailbox:{mailbox.pk}"
    if not cache.add(lock, timezone.now().isoformat(), timeout=LOCK_SECONDS):
        raise Busy(f"{mailbox.name} is being read already; try again in a few minutes.")
    try:
        return _capture(mailbox, batch, ssl_context)
    finally:
        cache.delete(lock)


def _capture(mailbox: Mailbox, batch: int, ssl_context) -> Outcome:
    mailbox.refresh_from_db(fields=["uidvalidity", "last_uid"])
    outcome = Outcome()
    directory = Directory()
    try:
        login = mailbox.login()
        while True:
            result = fetch_new(
                **login,
                uidvalidity=mailbox.uidvalidity,
                last_uid=mailbox.last_uid,
                limit=batch,
                max_bytes=sys.maxsize,
                headers_only=True,
                ssl_context=ssl_context,
            )
            tally = Tally()
            items = (
                item
                for message in result.messages
                if (item := mail_item(_headers(message.raw), tally)) is not None
            )
            outcome.add(capture_items(items, by=mailbox.owner, directory=directory))
            outcome.reasons.update(tally.skipped)
            moved = (result.uidvalidity, result.last_uid) != (mailbox.uidvalidity, mailbox.last_uid)
            mailbox.uidvalidity, mailbox.last_uid = result.uidvalidity, result.last_uid
            _finish(mailbox, outcome, "")
            if not moved or not (result.messages or result.skipped):
                return outcome
    except (ImapError, secrets.CaptureKeyError) as error:
        _finish(mailbox, outcome, str(error))
        raise


def _headers(raw: bytes) -> bytes:
    return next(mbox_headers(BytesIO(raw), single=True), b"")


def _finish(mailbox: Mailbox, outcome: Outcome, error: str) -> None:
    mailbox.last_run_at = timezone.now()
    mailbox.last_error = error[:500]
    mailbox.last_counts = outcome.counts()
    mailbox.save(
        update_fields=["uidvalidity", "last_uid", "last_run_at", "last_error", "last_counts"]
    )
