"""The write path of the network: organisations (found or created once) and contact mail."""

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from atelier.core.audit import log_action
from atelier.core.multilingual import MultilingualText

from .models import Organisation, normalise_name


class RateLimited(Exception):
    """The person has sent as many messages as the limit allows for now."""


def find_organisation(name, country=""):
    return Organisation.objects.filter(
        normalised_name=normalise_name(name), country=country or ""
    ).first()


@transaction.atomic
def get_or_create_organisation(name, country="", *, language="en", defaults=None, actor=None):
    """The organisation with this name (normalised) in this country, created if new.

    Returns ``(organisation, created)``. Empty fields of an existing organisation are filled
    from ``defaults``; what is already there is kept.
    """
    defaults = dict(defaults or {})
    organisation = find_organisation(name, country)
    if organisation is None:
        organisation = Organisation(
            name=MultilingualText(name.strip(), language), country=country or "", **defaults
        )
        organisation.save()
        log_action("network.organisation.create", actor=actor, target=organisation)
        return organisation, True
    changed = [f for f, v in defaults.items() if v and not getattr(organisation, f)]
    for field in changed:
        setattr(organisation, field, defaults[field])
    if changed:
        organisation.save()
    return organisation, False


def _contact_limit():
    count, _slash, seconds = settings.ATELIER_CONTACT_RATE_LIMIT.partition("/")
    return int(count), int(seconds or 3600)


def contact_person(sender, recipient, *, subject, message):
    """E-mail a listed person for a member; the recipient's address is never shown to them.

    The recipient sees the sender's address as Reply-To, so answering is their choice.
    """
    limit, window = _contact_limit()
    key = f"network:contact:{sender.pk}"
    cache.add(key, 0, window)
    if cache.incr(key) > limit:
        raise RateLimited(
            _("You have sent %(count)d messages in a short time. Please try again later.")
            % {"count": limit}
        )
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        body = render_to_string(
            "network/contact_email.txt",
            {"sender": sender, "recipient": recipient, "message": message, "subject": subject},
        )
        full_subject = _("[Atelier] %(name)s wrote to you: %(subject)s") % {
            "name": sender.display_name_or_fallback,
            "subject": subject,
        }
    EmailMessage(
        subject=full_subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        reply_to=[sender.email],
    ).send()
    log_action("network.person.contact", actor=sender, target=recipient)
