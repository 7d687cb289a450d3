"""The organisers' e-mails to the people registered for an event.

The message is written once, kept as a record, and sent by a background task: each recipient
gets it with the frame (subject prefix, greeting, footer) in their own language; the
organisers' text goes as they wrote it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atelier.core.audit import log_action
from atelier.notifications.services import recipient_language

from ..models import Audience, Event, EventMessage, Registration

MAX_SUBJECT = 200
MAX_BODY = 10000


def recipients(event, audiences):
    """The registrations a message to ``audiences`` reaches, each person once."""
    audiences = set(audiences)
    condition = Q(pk__in=[])
    if Audience.CONFIRMED in audiences:
        condition |= Q(status__in=Registration.PARTICIPANT_STATUSES)
    if Audience.WAITLISTED in audiences:
        condition |= Q(status__in=(Registration.Status.WAITLISTED, Registration.Status.OFFERED))
    if Audience.ATTENDED in audiences:
        condition |= Q(checked_in_at__isnull=False) & ~Q(status=Registration.Status.CANCELLED)
    return (
        Registration.objects.filter(event=event)
        .filter(condition)
        .filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )


def write_message(event, *, subject, body, audiences, actor):
    """Keep the message and queue its sending; refuses an empty one or one that reaches nobody."""
    subject = (subject or "").strip()
    body = (body or "").strip()
    audiences = [a for a in Audience.values if a in set(audiences or ())]
    errors = {}
    if not subject:
        errors["subject"] = _("Give the message a subject.")
    elif len(subject) > MAX_SUBJECT:
        errors["subject"] = _("Keep the subject under %(count)d characters.") % {
            "count": MAX_SUBJECT
        }
    if not body:
        errors["body"] = _("Write the message.")
    elif len(body) > MAX_BODY:
        errors["body"] = _("Keep the message under %(count)d characters.") % {"count": MAX_BODY}
    if not audiences:
        errors["audiences"] = _("Choose whom the message goes to.")
    if errors:
        raise ValidationError(errors)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event has been cancelled."), code="cancelled")
    count = recipients(event, audiences).count()
    if not count:
        raise ValidationError(
            {"audiences": _("Nobody registered is in the groups chosen: nothing was sent.")}
        )
    with transaction.atomic():
        message = EventMessage.objects.create(
            event=event,
            subject=subject,
            body=body,
            audiences=audiences,
            sent_by=actor,
            recipients=count,
        )
        log_action(
            "events.message.send", actor=actor, target=event, message=message.pk, recipients=count
        )
        transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id):
    from ..tasks import send_event_message

    send_event_message.enqueue(message_id)


def send_message(message_id):
    """Send a kept message to its recipients (as they are now); once. Returns how many."""
    with transaction.atomic():
        claimed = EventMessage.objects.filter(pk=message_id, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
    if not claimed:
        return 0
    message = EventMessage.objects.select_related("event", "sent_by").get(pk=message_id)
    event = message.event
    sent = 0
    for registration in recipients(event, message.audiences).iterator(chunk_size=500):
        user = registration.user
        if getattr(user, "is_erased", False):
            continue
        with translation.override(recipient_language(user)):
            title = event.title.for_reader().text
            subject = _("[%(event)s] %(subject)s") % {"event": title, "subject": message.subject}
            text = render_to_string(
                "events/message_email.txt",
                {
                    "user": user,
                    "event_title": title,
                    "body": message.body,
                    "link": f"{settings.SITE_URL}{event.get_absolute_url()}",
                },
            )
        send_mail(subject, text, None, [user.email])
        sent += 1
    EventMessage.objects.filter(pk=message_id).update(recipients=sent)
    return sent


def messages_of(event):
    return EventMessage.objects.filter(event=event).select_related("sent_by")
