"""iCalendar (RFC 5545) files of events: one event, a programme's feed, a person's private feed.

The online meeting link goes only into what a confirmed participant (or an organiser) downloads
for themselves and into a person's private feed; public files point to the event page instead.
"""

from datetime import date
from urllib.parse import urlparse

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from atelier.core.audit import log_action

from ..models import CalendarFeed, Event, Registration, new_token

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Atelier//Events//EN"


def uid(event):
    """Stable across edits, downloads and feeds, so calendar apps update rather than duplicate."""
    host = urlparse(settings.SITE_URL).hostname or "atelier"
    return f"event-{event.pk}@{host}"


def sequence(event):
    # RFC 5545 wants SEQUENCE to grow with each revision. Seconds between creation and the last
    # change only ever grow, without a counter to keep in step with every write path.
    return max(0, int((event.updated - event.created).total_seconds()))


def location(event, *, with_link=False):
    if event.has_venue:
        country = event.venue_country.name if event.venue_country else ""
        parts = [event.venue_name, event.venue_address, event.venue_city, country]
        return ", ".join(part for part in parts if part)
    if with_link and event.online_url:
        return event.online_url
    return _("Online")


def _description(event, url, *, with_link):
    parts = []
    if event.description:
        parts.append(event.description.for_reader().text)
    if event.is_online:
        if with_link and event.online_url:
            parts.append(_("Online meeting: %(url)s") % {"url": event.online_url})
        else:
            parts.append(
                _("Confirmed participants find the online meeting link on the event page.")
            )
    parts.append(url)
    return "\n\n".join(parts)


def vevent(event, *, url, with_link=False, participant_status=None):
    """One VEVENT; ``url`` is the absolute address of the event page."""
    item = VEvent()
    item.add("uid", uid(event))
    item.add("dtstamp", event.updated)
    item.add("created", event.created)
    item.add("last-modified", event.updated)
    item.add("sequence", sequence(event))
    # Local times with the event's TZID: a calendar app shows them right in any zone.
    item.add("dtstart", event.local_start)
    item.add("dtend", event.local_end)
    item.add("summary", event.title.for_reader().text)
    item.add("description", _description(event, url, with_link=with_link))
    item.add("location", location(event, with_link=with_link))
    if event.has_venue and event.latitude is not None:
        item.add("geo", (float(event.latitude), float(event.longitude)))
    if with_link and event.is_online and event.online_url:
        item.add("conference", event.online_url, parameters={"value": "URI"})
    item.add("url", url)
    if event.status == Event.Status.CANCELLED:
        item.add("status", "CANCELLED")
    elif participant_status is not None and participant_status not in (
        Registration.PARTICIPANT_STATUSES
    ):
        # Waiting for a seat or a decision: the person may not be there.
        item.add("status", "TENTATIVE")
    else:
        item.add("status", "CONFIRMED")
    item.add("transp", "OPAQUE")
    return item


def calendar(name=None, *, description=None):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("name", name)
        cal.add("x-wr-calname", name)
    if description:
        cal.add("x-wr-caldesc", description)
    return cal


def _finish(cal):
    # One VTIMEZONE per zone the events use, built from the time zone database and covering
    # the years of the events (a year either side), not every transition since 1970.
    days = [item["DTSTART"].dt.date() for item in cal.walk("VEVENT")]
    days += [item["DTEND"].dt.date() for item in cal.walk("VEVENT")]
    if days:
        cal.add_missing_timezones(
            first_date=date(min(days).year - 1, 1, 1), last_date=date(max(days).year + 2, 1, 1)
        )
    return cal.to_ical()


def event_ics(event, *, url, with_link=False):
    cal = calendar()
    cal.add_component(vevent(event, url=url, with_link=with_link))
    return _finish(cal)


def programme_events(programme):
    """What a programme's feed lists: its events anyone may see (cancelled ones say so)."""
    return (
        Event.objects.filter(programme=programme)
        .exclude(status=Event.Status.DRAFT)
        .order_by("starts_at", "pk")
    )


def programme_ics(programme, events, *, url_of):
    name = programme.acronym or programme.title.for_reader().text
    cal = calendar(
        _("%(programme)s: events") % {"programme": name},
        description=programme.title.for_reader().text,
    )
    for event in events:
        cal.add_component(vevent(event, url=url_of(event)))
    return _finish(cal)


def feed_registrations(user):
    """A person's registrations for the private feed: current ones, and those of events that
    were called off, so their calendar shows the cancellation."""
    return (
        Registration.objects.filter(user=user)
        .filter(
            Q(status__in=Registration.ACTIVE_STATUSES)
            | Q(cancel_reason=Registration.CancelReason.EVENT_CANCELLED)
        )
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event")
        .order_by("event__starts_at", "event__pk")
    )


def personal_ics(registrations, *, url_of):
    cal = calendar(_("My events"))
    for registration in registrations:
        cal.add_component(
            vevent(
                registration.event,
                url=url_of(registration.event),
                with_link=registration.is_participant,
                participant_status=registration.status,
            )
        )
    return _finish(cal)


def feed_of(user):
    return CalendarFeed.objects.filter(user=user).first()


def renew_feed(user):
    """Give the person a new private address; the old one stops working at once."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        if not created:
            feed.token = new_token()
            feed.created = timezone.now()
            feed.save(update_fields=["token", "created"])
        log_action("events.calendar_feed.renew", actor=user, target=feed)
    return feed
