"""Pages of events: list, month, event page, registration, and the organisers' pages."""

import calendar
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from atelier.core import search_registry
from atelier.core.confirm import confirm_page
from atelier.core.forms import add_service_error
from atelier.core.permissions import object_permission, permission_required

from .. import queries, services
from ..forms import (
    CancelEventForm,
    EventFilterForm,
    EventForm,
    InvitationForm,
    QuestionForm,
    RegistrationForm,
    SessionForm,
)
from ..models import (
    ApplicationQuestion,
    Event,
    Format,
    Invitation,
    Registration,
    RegistrationMode,
    Session,
)

PER_PAGE = 20


def _event(request, slug):
    return get_object_or_404(queries.event_detail(), slug=slug)


def _registration(request, slug):
    """The person's registration for the event (``None`` when they have none)."""
    event = _event(request, slug)
    registration = queries.registration_of(request.user, event)
    if registration is not None:
        registration.event = event
    return registration


def _invitation(request, token):
    return get_object_or_404(Invitation.objects.select_related("event"), token=token)


def _event_of(invitation):
    return invitation.event


def _error_text(error):
    return " ".join(error.messages)


def _query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# Finding events -----------------------------------------------------------------------------


@require_GET
@permission_required("events.browse_events")
def event_list(request):
    # Public: anyone may browse published events.
    if request.GET.get("view") == "month":
        today = timezone.localdate()
        params = request.GET.copy()
        params.pop("view")
        url = reverse("events:month", args=[today.year, today.month])
        return redirect(f"{url}?{params.urlencode()}" if params else url)
    form = EventFilterForm(request.GET or None)
    filters = form.filters()
    # A query finds by meaning and words through the search, best first.
    q = filters.pop("q", "")
    events = queries.event_list(**filters)
    page = search_registry.list_page(events, "event", q, request.GET.get("page"), PER_PAGE)
    today = timezone.localdate()
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page": page,
            "events": page.object_list,
            "query": _query_without_page(request),
            "past": filters.get("when") == queries.WHEN_PAST,
            "month_url": reverse("events:month", args=[today.year, today.month]),
            "can_add": request.user.has_perm("events.add_event"),
        },
    )


@require_GET
@permission_required("events.browse_events")
def event_month(request, year, month):
    # Public: the month view of published events.
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        raise Http404
    form = EventFilterForm(request.GET or None)
    del form.fields["when"]  # The month decides which dates are shown.
    weeks = queries.month_grid(year, month, **form.filters())
    first = date(year, month, 1)
    previous = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    query = _query_without_page(request)
    return render(
        request,
        "events/event_month.html",
        {
            "form": form,
            "weeks": weeks,
            "month": first,
            "day_names": [calendar.day_name[d] for d in range(7)],
            "previous": previous,
            "following": following,
            "query": query,
            "has_events": any(day["events"] for week in weeks for day in week if day["in_month"]),
        },
    )


@require_GET
@object_permission("events.view_event", _event)
def event_detail(request, event):
    user = request.user
    registration = queries.registration_of(user, event)
    can_manage = user.has_perm("events.manage_registrations", event)
    seats = [
        {"mode": mode, "left": services.seats_left(event, mode)} for mode in event.attendance_modes
    ]
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "days": queries.timetable(event),
            "registration": registration,
            "waitlist_position": queries.waitlist_position(registration),
            "can_register": user.has_perm("events.register", event),
            "can_manage": can_manage,
            "show_online_link": event.online_url
            and (can_manage or (registration is not None and registration.is_participant)),
            "seats": seats,
            "registration_open": event.is_registration_open(),
            "json_ld": _event_json_ld(request, event),
        },
    )


ATTENDANCE_MODES = {
    Format.ON_SITE: "https://schema.org/OfflineEventAttendanceMode",
    Format.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def _event_json_ld(request, event):
    url = request.build_absolute_uri(event.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title.text,
        "url": url,
        "startDate": event.local_start.isoformat(),
        "endDate": event.local_end.isoformat(),
        "eventAttendanceMode": ATTENDANCE_MODES[event.format],
        "eventStatus": "https://schema.org/EventCancelled"
        if event.status == Event.Status.CANCELLED
        else "https://schema.org/EventScheduled",
    }
    if event.description:
        data["description"] = event.description.text
    if event.languages:
        data["inLanguage"] = event.languages
    locations = []
    if event.has_venue:
        place = {
            "@type": "Place",
            "name": event.venue_name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.venue_address,
                "addressLocality": event.venue_city,
                "addressCountry": event.venue_country.code,
            },
        }
        if event.latitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(event.latitude),
                "longitude": float(event.longitude),
            }
        locations.append(place)
    if event.is_online:
        # The meeting link is for confirmed participants only: the page stands for it.
        locations.append({"@type": "VirtualLocation", "url": url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.programme_id:
        data["organizer"] = {
            "@type": "Organization",
            "name": event.programme.title.text,
            "url": request.build_absolute_uri(event.programme.get_absolute_url()),
        }
    return data


# Taking part --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@object_permission("events.register", _event)
def register(request, event):
    registration = queries.registration_of(request.user, event)
    if registration is not None and registration.is_active:
        messages.info(request, _("You are already registered for this event."))
        return redirect(event)
    if event.registration_mode == RegistrationMode.INVITATION:
        messages.error(
            request, _("This event is by invitation only. Use the link in your invitation.")
        )
        return redirect(event)
    if request.method == "GET" and not event.is_registration_open():
        messages.error(request, _("Registration for this event is closed."))
        return redirect(event)
    applying = event.registration_mode == RegistrationMode.APPLICATION
    questions = list(event.questions.all())
    form = RegistrationForm(
        request.POST or None, event=event, user=request.user, questions=questions
    )
    if request.method == "POST" and form.is_valid():
        try:
            if applying:
                registration = services.apply(
                    event,
                    request.user,
                    attendance_mode=form.cleaned_data["attendance_mode"],
                    answers=form.answers(),
                    details=form.details(),
                )
            else:
                registration = services.register(
                    event,
                    request.user,
                    attendance_mode=form.cleaned_data["attendance_mode"],
                    details=form.details(),
                    answers=form.answers(),
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _registered_message(registration))
            return redirect(event)
    full = [] if applying else _full_modes(event)
    return render(
        request,
        "events/register.html",
        {
            "event": event,
            "form": form,
            "applying": applying,
            "full_modes": full,
            "all_full": bool(full) and len(full) == len(event.attendance_modes),
        },
        status=400 if form.errors else 200,
    )


def _full_modes(event):
    """The ways of taking part where registering now puts one on the waitlist."""
    counts = services.registration_counts(event)
    return [
        mode
        for mode in event.attendance_modes
        if services.seats_left(event, mode) == 0
        or counts.get((Registration.Status.WAITLISTED, mode), 0)
    ]


def _registered_message(registration):
    return {
        Registration.Status.CONFIRMED: _("You are registered. See you there!"),
        Registration.Status.WAITLISTED: _(
            "The event is full: you are on the waitlist. We will tell you if a seat frees up."
        ),
        Registration.Status.APPLIED: _(
            "Your application has been sent. The coordinators will tell you their decision."
        ),
    }.get(registration.status, registration.get_status_display())


@require_http_methods(["GET", "POST"])
@object_permission("events.cancel_registration", _registration)
def cancel_registration(request, registration):
    if request.method == "GET":
        event = registration.event
        if registration.status == Registration.Status.APPLIED:
            title = _("Withdraw your application?")
            message = _("Your application to “%(title)s” is withdrawn; the coordinators see it.")
            button = _("Withdraw my application")
        elif registration.status == Registration.Status.OFFERED:
            title = _("Decline the seat?")
            message = _("The seat offered to you at “%(title)s” goes to the next person waiting.")
            button = _("Decline the seat")
        else:
            title = _("Cancel your registration?")
            message = _(
                "Your registration for “%(title)s” ends; a seat you held goes to the next person "
                "waiting. To come after all, you register again, if places are left."
            )
            button = _("Cancel my registration")
        return confirm_page(
            request,
            title=title,
            message=message % {"title": event.title.for_reader().text},
            button=button,
            cancel_url=event.get_absolute_url(),
        )
    try:
        services.cancel_registration(registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(registration.event)


@require_POST
@object_permission("events.confirm_offer", _registration)
def confirm_offer(request, registration):
    try:
        services.confirm_offer(registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The seat is yours. See you there!"))
    return redirect(registration.event)


@require_http_methods(["GET", "POST"])
@object_permission("events.register", _invitation, of=_event_of)
def invitation(request, invitation):
    # The secret token is the permission to register; being signed in is the other half.
    event = invitation.event
    form = RegistrationForm(
        request.POST or None, event=event, user=request.user, questions=event.questions.all()
    )
    if request.method == "POST" and invitation.accepted_at is None and form.is_valid():
        try:
            registration = services.accept_invitation(
                invitation,
                request.user,
                attendance_mode=form.cleaned_data["attendance_mode"],
                details=form.details(),
                answers=form.answers(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _registered_message(registration))
            return redirect(event)
    return render(
        request,
        "events/invitation.html",
        {"event": event, "invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )


# Organising ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("events.add_event")
def event_create(request):
    form = EventForm(request.POST or None, user=request.user)
    return _event_form(request, form, None, services.create_event)


@require_http_methods(["GET", "POST"])
@object_permission("events.change_event", _event)
def event_edit(request, event):
    form = EventForm(request.POST or None, instance=event, user=request.user)
    return _event_form(request, form, event, services.update_event)


def _event_form(request, form, event, save):
    """The event form, new or edited: the programme chosen must be one the person may run."""
    if request.method == "POST" and form.is_valid():
        changed = form.save()
        if not request.user.has_perm("events.change_event", changed):
            form.add_error("programme", _("You do not coordinate this programme."))
        else:
            try:
                save(
                    changed,
                    actor=request.user,
                    themes=form.cleaned_data["themes"],
                    organisers=form.organisers,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The event has been saved."))
                return redirect(changed)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@object_permission("events.change_event", _event)
def event_cancel(request, event):
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_event(event, actor=request.user, message=form.cleaned_data["message"])
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The event is cancelled and everyone registered is told."))
        return redirect(event)
    return render(request, "events/event_cancel.html", {"event": event, "form": form})


@require_GET
@object_permission("events.manage_registrations", _event)
def manage_registrations(request, event):
    status = request.GET.get("status", "")
    if status not in Registration.Status.values:
        status = ""
    page = Paginator(queries.registrations_for(event, status), 50).get_page(request.GET.get("page"))
    counts = services.registration_counts(event)
    summary = [
        {
            "status": label,
            "value": value,
            "count": sum(n for (s, _m), n in counts.items() if s == value),
        }
        for value, label in Registration.Status.choices
    ]
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "page": page,
            "registrations": page.object_list,
            "status": status,
            "summary": summary,
            "query": _query_without_page(request),
            "questions": {str(q.pk): q for q in event.questions.all()},
            "applying": event.registration_mode == RegistrationMode.APPLICATION,
            "can_message": request.user.has_perm("events.message_registrants", event),
            "seats": [
                {"mode": mode, "left": services.seats_left(event, mode)}
                for mode in event.attendance_modes
            ],
        },
    )


DECISIONS = {
    "accept": (services.accept_application, gettext_lazy("Accepted; the applicant is told.")),
    "reject": (services.reject_application, gettext_lazy("Not selected; the applicant is told.")),
    "waitlist": (
        services.waitlist_application,
        gettext_lazy("On the waitlist; the applicant is told."),
    ),
    "to-waitlist": (
        services.move_to_waitlist,
        gettext_lazy("Moved to the waitlist; the person is told. The seat is free."),
    ),
    "to-confirmed": (
        services.move_to_confirmed,
        gettext_lazy("Given a seat; the person is told."),
    ),
}


@require_POST
@object_permission("events.manage_registrations", _event)
def decide(request, event, pk, decision):
    registration = get_object_or_404(Registration, pk=pk, event=event)
    if decision not in DECISIONS:
        raise Http404
    verb, done = DECISIONS[decision]
    try:
        verb(registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, str(done))
    return redirect(f"{reverse('events:manage', args=[event.slug])}?{request.POST.get('back', '')}")


@require_http_methods(["GET", "POST"])
@object_permission("events.manage_registrations", _event)
def invitations(request, event):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.invite(event, form.cleaned_data["emails"], actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(count)d invitation(s) sent; addresses invited before were skipped.")
                % {"count": len(created)},
            )
            return redirect("events:invitations", slug=event.slug)
    page = Paginator(queries.invitations_for(event), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "events/invitations.html",
        {"event": event, "form": form, "page": page, "invitations": page.object_list},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@object_permission("events.change_event", _event)
def sessions(request, event):
    form = SessionForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        services.add_session(
            form.save(),
            speakers=form.speakers,
            organisations=form.cleaned_data.get("speaker_organisations") or [],
            actor=request.user,
        )
        messages.success(request, _("The session has been added to the timetable."))
        _warn_of_clashes(request, event)
        return redirect("events:sessions", slug=event.slug)
    return render(
        request,
        "events/sessions.html",
        {
            "event": event,
            "form": form,
            "days": queries.timetable(event),
            "clashes": queries.room_clashes(event),
        },
        status=400 if form.errors else 200,
    )


def _warn_of_clashes(request, event):
    for first, second in queries.room_clashes(event):
        messages.warning(
            request,
            _("“%(first)s” and “%(second)s” overlap in %(room)s.")
            % {
                "first": first.title.for_reader().text,
                "second": second.title.for_reader().text,
                "room": first.room,
            },
        )


@require_http_methods(["GET", "POST"])
@object_permission("events.change_event", _event)
def session_edit(request, event, pk):
    session = get_object_or_404(Session, pk=pk, event=event)
    form = SessionForm(request.POST or None, instance=session, event=event)
    if request.method == "POST" and form.is_valid():
        services.update_session(
            form.save(),
            speakers=form.speakers,
            organisations=form.cleaned_data.get("speaker_organisations") or [],
            actor=request.user,
        )
        messages.success(request, _("The session has been saved."))
        _warn_of_clashes(request, event)
        return redirect("events:sessions", slug=event.slug)
    return render(
        request,
        "events/session_form.html",
        {"event": event, "form": form, "session": session},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@object_permission("events.change_event", _event)
def session_delete(request, event, pk):
    session = get_object_or_404(Session, pk=pk, event=event)
    if request.method == "GET":
        title = session.title.for_reader().text
        return confirm_page(
            request,
            title=_("Remove “%(title)s” from the timetable?") % {"title": title},
            message=_(
                "The session leaves the timetable, with its speakers and who was present at it. "
                "People registered are not told."
            ),
            button=_("Remove the session"),
            cancel_url=reverse("events:sessions", args=[event.slug]),
        )
    services.remove_session(session, actor=request.user)
    messages.success(request, _("The session has been removed."))
    return redirect("events:sessions", slug=event.slug)


@require_http_methods(["GET", "POST"])
@object_permission("events.change_event", _event)
def questions(request, event):
    form = QuestionForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        services.add_question(form.save(), actor=request.user)
        messages.success(request, _("The question has been added."))
        return redirect("events:questions", slug=event.slug)
    return render(
        request,
        "events/questions.html",
        {"event": event, "form": form, "questions": event.questions.all()},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@object_permission("events.change_event", _event)
def question_delete(request, event, pk):
    question = get_object_or_404(ApplicationQuestion, pk=pk, event=event)
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Remove the question “%(text)s”?") % {"text": question.text.for_reader().text},
            message=_(
                "New registrations are no longer asked it. Answers already given stay with the "
                "registrations but are no longer shown."
            ),
            button=_("Remove the question"),
            cancel_url=reverse("events:questions", args=[event.slug]),
        )
    services.remove_question(question, actor=request.user)
    messages.success(request, _("The question has been removed."))
    return redirect("events:questions", slug=event.slug)


@require_GET
@permission_required("events.view_own_registrations")
def my_registrations(request):
    page = Paginator(queries.registrations_of(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "events/my_registrations.html",
        {"page": page, "registrations": page.object_list, "query": ""},
    )
