"""Calendar files and feeds of events, and the page of a person's private calendar address."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_GET, require_http_methods

from atelier.core.permissions import object_permission, permission_required
from atelier.programmes.models import Programme

from .. import queries
from ..models import CalendarFeed
from ..services import calendars
from .events import _event


def _response(content, filename, *, private):
    response = HttpResponse(content, content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        # It may carry a meeting link meant for one person: no shared cache may keep it.
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
    return response


def _url_of(request):
    return lambda event: request.build_absolute_uri(event.get_absolute_url())


def webcal(url):
    """The same address for calendar apps that subscribe through ``webcal://``."""
    return "webcal://" + url.split("://", 1)[1]


@require_GET
@object_permission("events.view_event", _event)
def event_ics(request, event):
    registration = queries.registration_of(request.user, event)
    with_link = bool(event.online_url) and (
        request.user.has_perm("events.see_online_link", event)
        or (registration is not None and registration.is_participant)
    )
    content = calendars.event_ics(
        event, url=request.build_absolute_uri(event.get_absolute_url()), with_link=with_link
    )
    return _response(content, f"{event.slug}.ics", private=request.user.is_authenticated)


@require_GET
@permission_required("events.browse_events")
def programme_feed(request, slug):
    # Public: the events anyone may see of a programme, for calendar apps to subscribe to.
    programme = get_object_or_404(Programme, slug=slug)
    content = calendars.programme_ics(
        programme, calendars.programme_events(programme), url_of=_url_of(request)
    )
    return _response(content, f"{programme.slug}-events.ics", private=False)


@require_GET
@permission_required("events.browse_events")
def personal_feed(request, token):
    # Calendar apps fetch this without a session: the secret token is the credential.
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    with override(feed.user.preferred_language):
        content = calendars.personal_ics(
            calendars.feed_registrations(feed.user), url_of=_url_of(request)
        )
    return _response(content, "my-events.ics", private=True)


def feed_addresses(request, feed):
    if feed is None:
        return None
    url = request.build_absolute_uri(reverse("events-personal-feed", args=[feed.token]))
    return {"https": url, "webcal": webcal(url)}


@require_http_methods(["GET", "POST"])
@permission_required("events.view_own_registrations")
def my_calendar(request):
    if request.method == "POST":
        had_one = calendars.feed_of(request.user) is not None
        calendars.renew_feed(request.user)
        messages.success(
            request,
            _("Your calendar has a new address. The old one no longer works.")
            if had_one
            else _("Your private calendar address is ready."),
        )
        return redirect("events:my-calendar")
    response = render(
        request,
        "events/calendar_mine.html",
        {"feed": feed_addresses(request, calendars.feed_of(request.user))},
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def programme_feed_addresses(request, programme):
    url = request.build_absolute_uri(reverse("events-programme-feed", args=[programme.slug]))
    return {"https": url, "webcal": webcal(url)}
