"""Tell a member something, in-app and by e-mail, in the member's own language."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Notification


def recipient_language(user):
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def notify(user, verb, *, title, body="", url="", email=True):
    """Store a notification and send it by e-mail, both in ``user``'s language.

    ``title`` and ``body`` are callables (or lazy strings) evaluated with the recipient's
    language active, so translated strings come out in that language. ``url`` is a path;
    the e-mail carries it as an absolute address.
    """
    if user is None or not user.is_active or getattr(user, "is_erased", False):
        return None
    with translation.override(recipient_language(user)):
        title_text = str(title() if callable(title) else title)
        body_text = str(body() if callable(body) else body)
        notification = Notification.objects.create(
            recipient=user, verb=verb, title=title_text[:300], body=body_text, url=url
        )
        if email and user.email:
            link = f"{settings.SITE_URL}{url}" if url else ""
            message = render_to_string(
                "notifications/email.txt",
                {"user": user, "title": title_text, "body": body_text, "link": link},
            )
            send_mail(title_text, message, None, [user.email])
    return notification


def unread_count(user):
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, notification_ids=None):
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
