"""The events' API router: events with filters, one event, and one's own registrations."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from atelier.core.api import Pagination

from . import queries, services
from .models import RegistrationMode

router = Router(tags=["events"])


class EventOut(Schema):
    slug: str
    title: str
    title_language: str
    type: str
    format: str
    status: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    venue_name: str
    venue_city: str
    venue_country: str
    languages: list[str]
    interpretation: list[str]
    registration_mode: str
    registration_deadline: datetime | None
    programme: str | None
    url: str

    @staticmethod
    def resolve_title(obj):
        return obj.title.text

    @staticmethod
    def resolve_title_language(obj):
        return obj.title.language

    @staticmethod
    def resolve_venue_country(obj):
        return obj.venue_country.code or ""

    @staticmethod
    def resolve_programme(obj):
        return obj.programme.slug if obj.programme_id else None

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class SessionOut(Schema):
    title: str
    starts_at: datetime
    ends_at: datetime
    room: str
    speakers: list[str]
    materials_url: str

    @staticmethod
    def resolve_title(obj):
        return obj.title.text

    @staticmethod
    def resolve_speakers(obj):
        names = [str(person.display_name_or_fallback) for person in obj.speakers.all()]
        return names + ([obj.speakers_text] if obj.speakers_text else [])


class SeatsOut(Schema):
    mode: str
    left: int | None


class EventDetailOut(EventOut):
    description: dict
    venue_address: str
    latitude: float | None
    longitude: float | None
    accessibility: dict
    room_capacity: int | None
    online_capacity: int | None
    themes: list[str]
    sessions: list[SessionOut]
    seats: list[SeatsOut]

    @staticmethod
    def resolve_description(obj):
        return obj.description.to_json() if obj.description else {}

    @staticmethod
    def resolve_accessibility(obj):
        return obj.accessibility.to_json() if obj.accessibility else {}

    @staticmethod
    def resolve_themes(obj):
        return [theme.slug for theme in obj.themes.all()]

    @staticmethod
    def resolve_sessions(obj):
        return [session for _day, sessions in queries.timetable(obj) for session in sessions]

    @staticmethod
    def resolve_seats(obj):
        return [
            {"mode": mode, "left": services.seats_left(obj, mode)} for mode in obj.attendance_modes
        ]


class RegistrationOut(Schema):
    id: int
    event: str
    event_title: str
    status: str
    attendance_mode: str
    offer_expires_at: datetime | None
    created: datetime
    online_url: str

    @staticmethod
    def resolve_event(obj):
        return obj.event.slug

    @staticmethod
    def resolve_event_title(obj):
        return obj.event.title.text

    @staticmethod
    def resolve_online_url(obj):
        # The meeting link is for confirmed participants only.
        return obj.event.online_url if obj.is_participant else ""


class RegistrationIn(Schema):
    attendance_mode: str = ""
    country: str = ""
    organisation: str = ""
    sector: str = ""
    demographics_consent: bool = False
    gender: str = ""
    age_group: str = ""
    answers: dict[str, str] = {}


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class EventFilters(FilterSchema):
    when: str = "upcoming"
    type: str = ""
    format: str = ""
    country: str = ""
    language: str = ""
    programme: str = ""
    theme: str = ""


def _visible_event(request, slug):
    event = get_object_or_404(queries.event_detail(), slug=slug)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    return event


def _error(error):
    errors = {}
    if hasattr(error, "error_dict"):
        errors = {
            field: [str(m) for m in messages] for field, messages in error.message_dict.items()
        }
    return {"detail": " ".join(error.messages), "errors": errors}


@router.get("/", response=list[EventOut], auth=None, summary="List events")
@paginate(Pagination, page_size=50)
def list_events(request, filters: Query[EventFilters]):
    """Public: published events, upcoming by default (``when``: upcoming, past, all), filtered
    by type, format, venue country (ISO code), language, programme slug and theme slug."""
    data = filters.model_dump()
    data["country"] = data["country"].upper()
    return queries.event_list(**data)


@router.get(
    "/registrations",
    response=list[RegistrationOut],
    auth=django_auth,
    summary="Your registrations",
)
@paginate(Pagination, page_size=50)
def my_registrations(request):
    """Signed in: your own registrations and applications, latest event first."""
    if not request.user.has_perm("events.view_own_registrations"):
        raise PermissionDenied
    return queries.registrations_of(request.user)


@router.get("/{slug}", response=EventDetailOut, auth=None, summary="One event")
def get_event(request, slug: str):
    """Public: a published event with its timetable and free seats. Never the meeting link."""
    return _visible_event(request, slug)


@router.post(
    "/{slug}/registration",
    response={201: RegistrationOut, 400: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Register or apply",
)
def register(request, slug: str, data: RegistrationIn):
    """Signed in: register for an open event (a seat or the waitlist), or apply to one that
    selects its participants. Invitation-only events take registrations through their links."""
    event = _visible_event(request, slug)
    if not request.user.has_perm("events.register", event):
        return Status(403, {"detail": _("You may not register for this event.")})
    details = data.model_dump(exclude={"attendance_mode", "answers"})
    details["country"] = details["country"].upper()
    try:
        if event.registration_mode == RegistrationMode.APPLICATION:
            registration = services.apply(
                event,
                request.user,
                attendance_mode=data.attendance_mode,
                answers=data.answers,
                details=details,
            )
        else:
            registration = services.register(
                event, request.user, attendance_mode=data.attendance_mode, details=details
            )
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(201, registration)


@router.delete(
    "/{slug}/registration",
    response={200: RegistrationOut, 400: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    summary="Cancel your registration",
)
def cancel(request, slug: str):
    """Signed in: cancel your registration or withdraw your application; a freed seat goes to
    the next person on the waitlist."""
    event = _visible_event(request, slug)
    registration = queries.registration_of(request.user, event)
    if registration is None or not request.user.has_perm(
        "events.cancel_registration", registration
    ):
        return Status(404, {"detail": _("You have no registration for this event.")})
    try:
        registration = services.cancel_registration(registration, actor=request.user)
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(200, registration)
