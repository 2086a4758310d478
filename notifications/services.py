"""Telling people: `notify` stores a notification for each recipient and, for those who want
that kind by e-mail, sends it in the background (notifications/tasks.py)."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.models import Kind, MailPreference, Notification
from notifications.tasks import send_notification_mails


def preferences_for(user) -> MailPreference:
    """`user`'s mail preferences (everything on until they change them; nothing is stored)."""
    try:
        return user.mail_preference
    except MailPreference.DoesNotExist:
        return MailPreference(user=user)


@transaction.atomic
def preferences_update(*, user, **choices) -> MailPreference:
    preference = preferences_for(user)
    for name, value in choices.items():
        if name not in MailPreference.CHOICES:
            raise ValueError(f"no mail preference {name!r}")
        setattr(preference, name, bool(value))
    preference.updated_at = timezone.now()
    preference.save()
    return preference


def notify(
    recipients: Iterable,
    *,
    kind: Kind,
    message: str,
    url: str = "",
    root: int | None = None,
    key: str = "",
) -> list[Notification]:
    """Notify each recipient once (once per `key`, when given: the same event seen again
    notifies nobody again); inactive users are skipped. Those who want this kind by e-mail get
    it from the worker once the transaction commits. Returns the notifications created.

    Recipients are few (an account's manager, a unit's head, the executives): one row each.
    """
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    created = []
    for user in people.values():
        fields = {"kind": kind, "message": message[:500], "url": url, "root": root}
        if not key:
            created.append(Notification.objects.create(user=user, **fields))
            continue
        try:
            with transaction.atomic():
                notification, new = Notification.objects.get_or_create(
                    user=user, key=key, defaults=fields
                )
        except IntegrityError:  # the same key, created at the same moment elsewhere
            continue
        if new:
            created.append(notification)
    wanted = [n.pk for n in created if n.user.email and preferences_for(n.user).wants(kind)]
    if wanted:
        transaction.on_commit(lambda: send_notification_mails.enqueue(wanted))
    return created


def mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark `user`'s notifications read (all of them when `ids` is None); returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
