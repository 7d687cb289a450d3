"""The read path of events: lists and filters, the month view, the timetable, registrations."""

import calendar
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from atelier.core import search_registry

from .models import Event, Registration

WHEN_UPCOMING = "upcoming"
WHEN_PAST = "past"
WHEN_ALL = "all"


def public_events():
    """Events anyone may see: published and cancelled ones; drafts stay with their organisers."""
    return Event.objects.exclude(status=Event.Status.DRAFT)


def filter_events(
    queryset, *, type="", format="", country="", language="", programme="", theme="", when=""
):
    if type:
        queryset = queryset.filter(type=type)
    if format:
        queryset = queryset.filter(format=format)
    if country:
        queryset = queryset.filter(venue_country=country)
    if language:
        # JSON lists as text: the quoted code cannot match inside another code.
        queryset = queryset.filter(
            Q(languages__icontains=f'"{language}"') | Q(interpretation__icontains=f'"{language}"')
        )
    if programme:
        queryset = queryset.filter(programme__slug=programme)
    if theme:
        queryset = queryset.filter(themes__slug=theme).distinct()
    now = timezone.now()
    if when == WHEN_PAST:
        queryset = queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    elif when == WHEN_UPCOMING:
        queryset = queryset.filter(ends_at__gte=now).order_by("starts_at", "pk")
    elif when == WHEN_ALL:
        queryset = queryset.order_by("-starts_at", "-pk")
    return queryset


def event_list(**filters):
    """Events for a list page, with their programme in the same query."""
    filters.setdefault("when", WHEN_UPCOMING)
    return filter_events(public_events(), **filters).select_related("programme")


def month_grid(year, month, q="", **filters):
    """Weeks (Monday first) of days, each day with the events on it in the event's time zone."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    # A day's margin on each side: an event's local date may differ from its UTC date.
    start = timezone.make_aware(datetime.combine(first - timedelta(days=1), time.min))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=2), time.min))
    filters.pop("when", None)
    events = (
        filter_events(public_events(), **filters)
        .filter(starts_at__lt=end, ends_at__gte=start)
        .select_related("programme")
        .order_by("starts_at", "pk")
    )
    if q:
        events = events.filter(pk__in=search_registry.matching(events, "event", q))
    by_day = defaultdict(list)
    for event in events:
        day, end_day = event.local_start.date(), event.local_end.date()
        while day <= end_day:
            if first <= day <= last:
                by_day[day].append(event)
            day += timedelta(days=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [
        [{"date": d, "in_month": d.month == month, "events": by_day.get(d, [])} for d in week]
        for week in weeks
    ]


def event_detail(queryset=None):
    queryset = Event.objects.all() if queryset is None else queryset
    return queryset.select_related("programme").prefetch_related("themes")


def timetable(event):
    """The event's sessions grouped by day in the event's time zone: [(date, [session])]."""
    sessions = event.sessions.prefetch_related("speakers", "speaker_organisations").order_by(
        "starts_at", "room", "pk"
    )
    days = defaultdict(list)
    for session in sessions:
        days[timezone.localtime(session.starts_at, event.zone).date()].append(session)
    return sorted(days.items())


def registration_of(user, event):
    """The person's current registration for the event, or their last ended one."""
    if not user.is_authenticated:
        return None
    registrations = Registration.objects.filter(event=event, user=user)
    return (
        registrations.exclude(status=Registration.Status.CANCELLED).first()
        or registrations.order_by("-created", "-pk").first()
    )


def waitlist_position(registration):
    """1 for the first person waiting for this way of taking part, 2 for the next..."""
    if registration is None or registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id,
        attendance_mode=registration.attendance_mode,
        status=Registration.Status.WAITLISTED,
    ).filter(
        Q(created__lt=registration.created)
        | Q(created=registration.created, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def registrations_of(user):
    """A person's registrations, upcoming first."""
    return (
        Registration.objects.filter(user=user)
        .select_related("event", "event__programme")
        .order_by("-event__starts_at", "-pk")
    )


def certificates_of(user):
    """A person's attendances that give a certificate, with the certificate once issued.

    A certificate is made at its first download, so an attendee who has not downloaded it yet
    appears here too (``certificate`` is then None); one issued before a check-in was taken
    back or the registration was cancelled stays, as it stays valid until revoked.
    """
    registrations = list(
        Registration.objects.filter(user=user)
        .filter(
            Q(checked_in_at__isnull=False, status__in=Registration.PARTICIPANT_STATUSES)
            | Q(certificate__isnull=False)
        )
        .select_related("event", "certificate")
        .order_by("-event__starts_at", "-pk")
    )
    for registration in registrations:
        registration.issued_certificate = getattr(registration, "certificate", None)
    return registrations


def organised_by(user):
    return Event.objects.filter(organisers=user).select_related("programme").order_by("-starts_at")


def registrations_for(event, status=""):
    """Who registered for an event, for its organisers."""
    queryset = (
        Registration.objects.filter(event=event)
        .select_related("user", "invitation")
        .order_by("created", "pk")
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def invitations_for(event):
    return event.invitations.select_related("user").order_by("-created", "pk")


def home_events(request):
    """The home page's next events."""
    return list(event_list()[:6])


def events_of_programme(programme):
    return public_events().filter(programme=programme).order_by("-starts_at")


def events_a_call_may_name(current_id=None):
    """Events a call may register its selected applicants to: upcoming ones not cancelled, and
    the one it names already (``current_id``) whatever its state."""
    events = Event.objects.exclude(status=Event.Status.CANCELLED).filter(
        starts_at__gte=timezone.now()
    )
    if current_id:
        events = events | Event.objects.filter(pk=current_id)
    return events.order_by("starts_at", "pk")


def events_of_programmes(programmes):
    """Events of these programmes and those of no programme, the latest first."""
    return Event.objects.filter(Q(programme__in=programmes) | Q(programme__isnull=True)).order_by(
        "-starts_at"
    )


def register_event_picker(name, events_for):
    """A picker source ``name`` over ``events_for(user)``: typed titles find events, soonest
    first; the form of another app declares ``PickerField(name)``."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext_lazy

    from atelier.core import pickers

    def label(event):
        return f"{event.title.for_reader().text} ({date_format(event.starts_at, 'DATE_FORMAT')})"

    pickers.register(
        name,
        pickers.Source(
            queryset=events_for,
            search=lambda events, query: events.filter(title__icontains=query),
            label=label,
            others_label=gettext_lazy("Events"),
            search_label=gettext_lazy("Find an event by its title"),
        ),
    )


def room_clashes(event):
    """Pairs of sessions that overlap in one room, as ``(earlier, later)``."""
    by_room = defaultdict(list)
    for session in event.sessions.exclude(room="").order_by("starts_at", "pk"):
        by_room[session.room.strip().casefold()].append(session)
    clashes = []
    for sessions in by_room.values():
        for i, first in enumerate(sessions):
            for second in sessions[i + 1 :]:
                if second.starts_at >= first.ends_at:
                    break
                clashes.append((first, second))
    return clashes
