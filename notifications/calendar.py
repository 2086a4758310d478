"""Private calendar feeds: `/calendar/<token>.ics`, one per person, revocable.

The token is `<user id>-<HMAC of the id and the feed's nonce under SECRET_KEY>` (160 bits):
unguessable, never stored, shown again whenever its owner opens their profile. Making a new
address or turning the feed off changes or deletes the nonce, and the old address stops
working. Rotating SECRET_KEY changes every address.
"""

import secrets

from django.db import transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from notifications import mail
from notifications.models import CalendarFeed

SALT = "relmap.calendar.feed"


def _token(feed: CalendarFeed) -> str:
    digest = salted_hmac(SALT, f"{feed.user_id}:{feed.nonce}", algorithm="sha256").hexdigest()
    return f"{feed.user_id}-{digest[:40]}"


def feed_url(feed: CalendarFeed) -> str:
    return mail.absolute(reverse("calendar_feed", args=[_token(feed)]))


@transaction.atomic
def feed_renew(*, user) -> CalendarFeed:
    """A new address for `user`'s feed; any old one stops working."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user, nonce=secrets.token_hex(16))


def feed_stop(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed this token opens, with its active user, or None."""
    user_id, _, _ = token.partition("-")
    if not user_id.isdigit() or len(user_id) > 19:
        return None
    feed = (
        CalendarFeed.objects.filter(user_id=int(user_id), user__is_active=True)
        .select_related("user", "user__staff_profile")
        .first()
    )
    if feed is None or not constant_time_compare(_token(feed), token):
        return None
    return feed
