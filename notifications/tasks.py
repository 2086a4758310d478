"""Notifications by e-mail, sent by the worker (`manage.py worker`), never inside a request."""

import logging
import smtplib

from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from notifications import mail
from notifications.models import Notification

log = logging.getLogger(__name__)


@task()
def send_notification_mails(ids: list[int]) -> int:
    """Send each notification still unsent and unread, one message each; returns how many.

    A notification read in the app before the worker reached it needs no e-mail. One the
    mail server refused stays unsent (`emailed_at` empty) and is logged.
    """
    sent = 0
    pending = (
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True, read_at__isnull=True)
        .exclude(Q(user__email="") | Q(user__is_active=False))
        .select_related("user")
    )
    for notification in pending:
        message = mail.message(
            notification.user,
            subject=f"Relmap: {notification.message[:120]}",
            template="notifications/email/notification",
            context={
                "notification": notification,
                "action_url": mail.absolute(notification.url) if notification.url else "",
            },
            what=notification.kind,
        )
        try:
            message.send()
        except (OSError, smtplib.SMTPException):
            # The mail server is away: the rest wait for the next run rather than fail with it.
            log.exception("Could not send notification %s by e-mail", notification.pk)
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
