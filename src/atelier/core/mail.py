"""E-mail leaves through a background task, so a slow mail server never slows a page."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import task


def _serialise(message):
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


@task()
def deliver_email(message):
    """Send one serialised message through the configured delivery backend."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        cc=message["cc"],
        bcc=message["bcc"],
        reply_to=message["reply_to"],
        headers=message["headers"],
    )
    for content, mimetype in message["alternatives"]:
        email.attach_alternative(content, mimetype)
    connection = get_connection(settings.ATELIER_EMAIL_DELIVERY)
    return connection.send_messages([email])


class TaskEmailBackend(BaseEmailBackend):
    """Queues each message as a ``deliver_email`` task."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if message.attachments:
                # Attachments are not JSON; such mail is sent at once.
                get_connection(settings.ATELIER_EMAIL_DELIVERY).send_messages([message])
            else:
                deliver_email.enqueue(_serialise(message))
            count += 1
        return count
