"""The write path of events: organise, register, apply, select, invite, cancel, remind.

Every verb runs in one transaction and writes the audit log; whoever is concerned is told in
their own language (``notify``). Where a seat is at stake the event row is locked first
(``select_for_update``; SQLite's IMMEDIATE transactions serialise writers the same way), then
seats are counted, then the registration is written: capacity is never oversold.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from atelier.core.answers import clean_answer
from atelier.core.audit import log_action
from atelier.core.multilingual import MultilingualText
from atelier.notifications.services import notify

from ..models import Event, Invitation, Registration, RegistrationMode
from ..queries import registration_of

Status = Registration.Status

# Fields whose change the people registered hear about.
NOTIFIED_FIELDS = (
    "starts_at",
    "ends_at",
    "time_zone",
    "format",
    "venue_name",
    "venue_address",
    "venue_city",
    "venue_country",
    "online_url",
)
DETAIL_FIELDS = (
    "country",
    "organisation",
    "sector",
    "demographics_consent",
    "gender",
    "age_group",
)
MAX_ANSWER_LENGTH = 5000


# Helpers ------------------------------------------------------------------------------------


def _title(event):
    # Called with the recipient's language active (``notify``), so a translated title shows.
    return event.title.for_reader().text


def _when(event):
    """The event's start in its own time zone, formatted in the active language."""
    start = formats.date_format(event.local_start, "DATETIME_FORMAT")
    return f"{start} ({event.time_zone})"


def _tell(user, verb, event, title, body="", url=None):
    notify(user, verb, title=title, body=body, url=url or event.get_absolute_url())


def _locked(event):
    return Event.objects.select_for_update().get(pk=event.pk)


def _seats_taken(event, mode):
    return Registration.objects.filter(
        event=event, attendance_mode=mode, status__in=Registration.SEAT_STATUSES
    ).count()


def _seat_free(event, mode):
    capacity = event.capacity_for(mode)
    return capacity is None or _seats_taken(event, mode) < capacity


def seats_left(event, mode):
    """Seats still free for ``mode``, or None when there is no limit (a read, no lock)."""
    capacity = event.capacity_for(mode)
    if capacity is None:
        return None
    return max(capacity - _seats_taken(event, mode), 0)


def _clean_mode(event, mode):
    modes = event.attendance_modes
    if not mode and len(modes) == 1:
        return modes[0]
    if mode not in modes:
        raise ValidationError(
            {"attendance_mode": _("Choose how you will take part in this event.")},
            code="attendance-mode",
        )
    return mode


def _clean_details(details):
    """The funder-report fields; gender and age group only with explicit consent."""
    details = {key: (details or {}).get(key) for key in DETAIL_FIELDS}
    consent = bool(details["demographics_consent"])
    cleaned = {
        "country": details["country"] or "",
        "organisation": (details["organisation"] or "").strip()[:200],
        "sector": details["sector"] or "",
        "demographics_consent": consent,
        "gender": details["gender"] or "",
        "age_group": details["age_group"] or "",
    }
    if not consent and (cleaned["gender"] or cleaned["age_group"]):
        raise ValidationError(
            {
                "demographics_consent": _(
                    "Gender and age group are recorded only with your consent. Tick the box "
                    "or leave them empty."
                )
            },
            code="consent",
        )
    cleaned["demographics_consent_at"] = timezone.now() if consent else None
    return cleaned


def _clean_answers(event, answers):
    """The answers to the event's questions, each checked by its kind; errors by field."""
    answers = answers or {}
    cleaned = {}
    errors = {}
    for question in event.questions.all():
        key = str(question.pk)
        value = answers.get(key, answers.get(question.pk))
        try:
            answer = clean_answer(
                question.kind, value, required=question.required, choices=question.choices
            )
        except ValidationError as error:
            errors[f"question_{key}"] = error.messages
            continue
        if answer:
            cleaned[key] = answer
    if errors:
        raise ValidationError(errors, code="answers")
    return cleaned


def _check_open(event, now):
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event has been cancelled."), code="cancelled")
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("This event is not open for registration."), code="not-published")
    if now >= event.registration_closes_at:
        raise ValidationError(_("Registration for this event has closed."), code="closed")


def _check_not_registered(event, user):
    existing = (
        Registration.objects.filter(event=event, user=user).exclude(status=Status.CANCELLED).first()
    )
    if existing is not None:
        raise ValidationError(
            _("You are already registered for this event (%(status)s).")
            % {"status": existing.get_status_display()},
            code="already-registered",
        )


def _create_registration(event, user, **fields):
    try:
        with transaction.atomic():
            return Registration.objects.create(event=event, user=user, **fields)
    except IntegrityError as error:
        # The unique constraint caught a second active registration (a double click).
        raise ValidationError(
            _("You are already registered for this event."), code="already-registered"
        ) from error


def _place(event, mode):
    """Confirmed while a seat is free and nobody waits before; else the waitlist."""
    waiting = Registration.objects.filter(
        event=event, attendance_mode=mode, status=Status.WAITLISTED
    ).exists()
    if not waiting and _seat_free(event, mode):
        return Status.CONFIRMED
    return Status.WAITLISTED


def _tell_placed(registration):
    event = registration.event
    if registration.status in Registration.PARTICIPANT_STATUSES:
        _tell(
            registration.user,
            "events.registered",
            event,
            title=lambda: gettext("You are registered for “%(title)s”") % {"title": _title(event)},
            body=lambda: gettext("It starts on %(when)s.") % {"when": _when(event)},
        )
    else:
        _tell(
            registration.user,
            "events.waitlisted",
            event,
            title=lambda: (
                gettext("You are on the waitlist for “%(title)s”") % {"title": _title(event)}
            ),
            body=lambda: gettext(
                "The event is full. If a seat frees up you will be told and have a limited "
                "time to confirm it."
            ),
        )


def _offer_freed_seats(event, now):
    """Offer each free seat to the next person waiting for it; called with the event locked."""
    offers = []
    deadline = min(now + timedelta(hours=event.offer_hours), event.starts_at)
    if deadline <= now or event.status != Event.Status.PUBLISHED:
        return offers
    for mode in event.attendance_modes:
        capacity = event.capacity_for(mode)
        waiting = Registration.objects.filter(
            event=event, attendance_mode=mode, status=Status.WAITLISTED
        ).order_by("created", "pk")
        if capacity is not None:
            waiting = waiting[: max(capacity - _seats_taken(event, mode), 0)]
        for registration in waiting:
            registration.status = Status.OFFERED
            registration.offer_expires_at = deadline
            registration.save(update_fields=["status", "offer_expires_at", "updated"])
            log_action("events.registration.offer", target=registration, event=event.pk)
            offers.append(registration)
            _tell(
                registration.user,
                "events.seat_offered",
                event,
                title=lambda: (
                    gettext("A seat is free for you at “%(title)s”") % {"title": _title(event)}
                ),
                body=lambda d=deadline: (
                    gettext(
                        "Confirm it on the event page by %(deadline)s, or it goes to the next "
                        "person."
                    )
                    % {
                        "deadline": formats.date_format(
                            timezone.localtime(d, event.zone), "DATETIME_FORMAT"
                        )
                        + f" ({event.time_zone})"
                    }
                ),
            )
    return offers


def _expire_offers_locked(event, now):
    expired = list(
        Registration.objects.filter(
            event=event, status=Status.OFFERED, offer_expires_at__lte=now
        ).select_related("user")
    )
    for registration in expired:
        registration.status = Status.CANCELLED
        registration.cancel_reason = Registration.CancelReason.OFFER_EXPIRED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancel_reason", "cancelled_at", "updated"])
        log_action("events.registration.offer_expired", target=registration, event=event.pk)
        _tell(
            registration.user,
            "events.offer_expired",
            event,
            title=lambda: (
                gettext("The seat offered to you at “%(title)s” has passed to the next person")
                % {"title": _title(event)}
            ),
            body=lambda: gettext("It was not confirmed in time."),
        )
    return expired


# Organising ---------------------------------------------------------------------------------


def _unique_slug(event):
    base = slugify(event.title.text)[:70] or "event"
    slug = f"{base}-{event.starts_at:%Y}" if event.starts_at else base
    candidate, n = slug, 2
    while Event.objects.filter(slug=candidate).exclude(pk=event.pk).exists():
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


def create_event(event, *, actor, themes=(), organisers=()):
    """Save a new event (built by a form or a script); its creator becomes an organiser."""
    with transaction.atomic():
        if not event.slug:
            event.slug = _unique_slug(event)
        event.created_by = actor
        event.full_clean()
        event.save()
        event.themes.set(themes)
        people = {p.pk: p for p in organisers}
        if actor is not None:
            people.setdefault(actor.pk, actor)
        event.organisers.set(people.values())
        log_action("events.event.create", actor=actor, target=event, status=event.status)
    return event


def update_event(event, *, actor, themes=None, organisers=None):
    """Save changes to an event; if it is published, everyone registered hears what changed."""
    now = timezone.now()
    with transaction.atomic():
        before = _locked(event)
        if before.status == Event.Status.CANCELLED:
            raise ValidationError(_("A cancelled event cannot be changed."), code="cancelled")
        event.full_clean()
        event.save()
        if themes is not None:
            event.themes.set(themes)
        if organisers is not None:
            event.organisers.set(organisers)
        changed = [f for f in NOTIFIED_FIELDS if getattr(before, f) != getattr(event, f)]
        log_action("events.event.update", actor=actor, target=event, changed=changed)
        if changed and before.status == Event.Status.PUBLISHED:
            _tell_change(event, changed)
        _offer_freed_seats(event, now)
    return event


def _tell_change(event, changed):
    def body():
        lines = []
        if {"starts_at", "ends_at", "time_zone"} & set(changed):
            lines.append(gettext("New dates: %(when)s.") % {"when": _when(event)})
        if {"venue_name", "venue_address", "venue_city", "venue_country"} & set(changed):
            place = ", ".join(
                part for part in (event.venue_name, event.venue_address, event.venue_city) if part
            )
            lines.append(gettext("New venue: %(place)s.") % {"place": place})
        if "format" in changed:
            lines.append(
                gettext("New format: %(format)s.") % {"format": event.get_format_display()}
            )
        if "online_url" in changed:
            lines.append(gettext("The online meeting link has changed; see the event page."))
        return "\n".join(lines)

    for registration in _registered(event):
        _tell(
            registration.user,
            "events.changed",
            event,
            title=lambda: gettext("“%(title)s” has changed") % {"title": _title(event)},
            body=body,
        )


def _registered(event):
    return (
        Registration.objects.filter(event=event, status__in=Registration.ACTIVE_STATUSES)
        .select_related("user")
        .order_by("pk")
    )


def cancel_event(event, *, actor, message=""):
    """Cancel an event: every registration ends and everyone registered is told why."""
    message = (message or "").strip()[:2000]
    now = timezone.now()
    with transaction.atomic():
        event = _locked(event)
        if event.status == Event.Status.CANCELLED:
            raise ValidationError(_("This event has already been cancelled."), code="cancelled")
        registered = list(_registered(event))
        event.status = Event.Status.CANCELLED
        event.save(update_fields=["status", "updated"])
        Registration.objects.filter(pk__in=[r.pk for r in registered]).update(
            status=Status.CANCELLED,
            cancel_reason=Registration.CancelReason.EVENT_CANCELLED,
            cancelled_at=now,
            offer_expires_at=None,
            updated=now,
        )
        log_action("events.event.cancel", actor=actor, target=event, told=len(registered))
        for registration in registered:
            _tell(
                registration.user,
                "events.cancelled",
                event,
                title=lambda: gettext("“%(title)s” has been cancelled") % {"title": _title(event)},
                body=lambda: message,
            )
    return event


def add_session(session, *, speakers=(), organisations=(), actor):
    """Add a slot to the timetable; speakers are people on Atelier, organisations partners."""
    with transaction.atomic():
        session.full_clean()
        session.save()
        session.speakers.set(speakers)
        session.speaker_organisations.set(organisations)
        log_action("events.session.create", actor=actor, target=session.event, session=session.pk)
    return session


def update_session(session, *, speakers=(), organisations=(), actor):
    with transaction.atomic():
        session.full_clean()
        session.save()
        session.speakers.set(speakers)
        session.speaker_organisations.set(organisations)
        log_action("events.session.update", actor=actor, target=session.event, session=session.pk)
    return session


def remove_session(session, *, actor):
    with transaction.atomic():
        log_action("events.session.delete", actor=actor, target=session.event, session=session.pk)
        session.delete()


def add_question(question, *, actor):
    """Add a question applicants answer; answers already given stay as they are."""
    with transaction.atomic():
        question.full_clean()
        question.save()
        log_action(
            "events.question.create", actor=actor, target=question.event, question=question.pk
        )
    return question


def remove_question(question, *, actor):
    with transaction.atomic():
        log_action(
            "events.question.delete", actor=actor, target=question.event, question=question.pk
        )
        question.delete()


# Open registration --------------------------------------------------------------------------


def register(event, user, *, attendance_mode="", details=None, answers=None, now=None):
    """Open mode: a seat while there is one, else the waitlist."""
    now = now or timezone.now()
    details = _clean_details(details)
    with transaction.atomic():
        event = _locked(event)
        _check_open(event, now)
        if event.registration_mode == RegistrationMode.APPLICATION:
            raise ValidationError(
                _("This event selects its participants: apply instead."), code="mode"
            )
        if event.registration_mode == RegistrationMode.INVITATION:
            raise ValidationError(
                _("This event is by invitation only. Use the link in your invitation."),
                code="mode",
            )
        mode = _clean_mode(event, attendance_mode)
        cleaned_answers = _clean_answers(event, answers)
        _check_not_registered(event, user)
        _expire_offers_locked(event, now)
        _offer_freed_seats(event, now)
        registration = _create_registration(
            event,
            user,
            attendance_mode=mode,
            status=_place(event, mode),
            answers=cleaned_answers,
            **details,
        )
        log_action(
            "events.registration.create",
            actor=user,
            target=registration,
            status=registration.status,
        )
        _tell_placed(registration)
    return registration


def cancel_registration(registration, *, actor, now=None):
    """The participant cancels; a seat they held goes to the next person waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in Registration.ACTIVE_STATUSES:
            raise ValidationError(
                _("This registration has already ended (%(status)s).")
                % {"status": registration.get_status_display()},
                code="not-active",
            )
        if event.is_past(now):
            raise ValidationError(_("This event is over."), code="past")
        registration.status = Status.CANCELLED
        registration.cancel_reason = Registration.CancelReason.PARTICIPANT
        registration.cancelled_at = now
        registration.offer_expires_at = None
        registration.save(
            update_fields=["status", "cancel_reason", "cancelled_at", "offer_expires_at", "updated"]
        )
        log_action("events.registration.cancel", actor=actor, target=registration)
        _tell(
            registration.user,
            "events.registration_cancelled",
            event,
            title=lambda: (
                gettext("Your registration for “%(title)s” is cancelled") % {"title": _title(event)}
            ),
        )
        _expire_offers_locked(event, now)
        _offer_freed_seats(event, now)
    return registration


def confirm_offer(registration, *, actor, now=None):
    """Take the seat offered from the waitlist, before the offer's deadline."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.OFFERED:
            raise ValidationError(_("No seat is offered to you for this event."), code="no-offer")
        if registration.offer_expires_at <= now:
            _expire_offers_locked(event, now)
            _offer_freed_seats(event, now)
            # The expiry is kept: leave the atomic block normally, then say so.
            expired = True
        else:
            expired = False
            registration.status = (
                Status.ACCEPTED
                if event.registration_mode == RegistrationMode.APPLICATION
                else Status.CONFIRMED
            )
            registration.offer_expires_at = None
            registration.save(update_fields=["status", "offer_expires_at", "updated"])
            log_action("events.registration.confirm_offer", actor=actor, target=registration)
            registration.event = event
            _tell_placed(registration)
    if expired:
        raise ValidationError(
            _("The offer has expired and the seat has passed to the next person."),
            code="offer-expired",
        )
    return registration


def expire_offers(now=None):
    """Offers not confirmed in time pass to the next person waiting; run periodically."""
    now = now or timezone.now()
    event_ids = (
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    expired = 0
    for event_id in list(event_ids):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            expired += len(_expire_offers_locked(event, now))
            _offer_freed_seats(event, now)
    return expired


def move_to_waitlist(registration, *, actor, now=None):
    """The organisers move a confirmed participant to the waitlist, by hand; the seat this frees
    stays free until they give it (or someone registers)."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if event.registration_mode == RegistrationMode.APPLICATION:
            raise ValidationError(
                _("In an event that selects its participants, decide on the application."),
                code="mode",
            )
        if registration.status not in (Status.CONFIRMED, Status.OFFERED):
            raise ValidationError(
                _(
                    "Only a confirmed participant can be moved to the waitlist; this one is "
                    "“%(status)s”."
                )
                % {"status": registration.get_status_display()},
                code="state",
            )
        if event.is_past(now):
            raise ValidationError(_("This event is over."), code="past")
        registration.status = Status.WAITLISTED
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "offer_expires_at", "updated"])
        log_action("events.registration.move_to_waitlist", actor=actor, target=registration)
        _tell(
            registration.user,
            "events.moved_to_waitlist",
            event,
            title=lambda: (
                gettext("You are now on the waitlist for “%(title)s”") % {"title": _title(event)}
            ),
            body=lambda: gettext(
                "The organisers moved your registration to the waitlist. If a seat frees up you "
                "will be told."
            ),
        )
    return registration


def move_to_confirmed(registration, *, actor, now=None):
    """The organisers give a seat by hand to someone on the waitlist, while one is free."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if event.registration_mode == RegistrationMode.APPLICATION:
            raise ValidationError(
                _("In an event that selects its participants, decide on the application."),
                code="mode",
            )
        if registration.status not in (Status.WAITLISTED, Status.OFFERED):
            raise ValidationError(
                _("Only someone on the waitlist can be given a seat; this one is “%(status)s”.")
                % {"status": registration.get_status_display()},
                code="state",
            )
        if event.status != Event.Status.PUBLISHED or event.is_past(now):
            raise ValidationError(_("Seats can only be given for events still to come."))
        if registration.status == Status.WAITLISTED and not _seat_free(
            event, registration.attendance_mode
        ):
            raise ValidationError(
                _("No seat is free for this way of taking part. Raise the capacity first."),
                code="full",
            )
        registration.status = Status.CONFIRMED
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "offer_expires_at", "updated"])
        log_action("events.registration.move_to_confirmed", actor=actor, target=registration)
        _tell_placed(registration)
    return registration


# Application and selection ------------------------------------------------------------------


def apply(event, user, *, attendance_mode="", answers=None, details=None, now=None):
    """Application mode: answers to the coordinators' questions; they decide later."""
    now = now or timezone.now()
    details = _clean_details(details)
    with transaction.atomic():
        event = _locked(event)
        _check_open(event, now)
        if event.registration_mode != RegistrationMode.APPLICATION:
            raise ValidationError(_("This event takes no applications."), code="mode")
        mode = _clean_mode(event, attendance_mode)
        cleaned_answers = _clean_answers(event, answers)
        _check_not_registered(event, user)
        registration = _create_registration(
            event,
            user,
            attendance_mode=mode,
            status=Status.APPLIED,
            answers=cleaned_answers,
            **details,
        )
        log_action("events.application.create", actor=user, target=registration)
        _tell(
            user,
            "events.applied",
            event,
            title=lambda: (
                gettext("Your application for “%(title)s” has been received")
                % {"title": _title(event)}
            ),
            body=lambda: gettext("The coordinators will let you know their decision."),
        )
    return registration


def _decide(registration, actor, allowed_from):
    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    if event.registration_mode != RegistrationMode.APPLICATION:
        raise ValidationError(_("This event takes no applications."), code="mode")
    if registration.status not in allowed_from:
        raise ValidationError(
            _("This application cannot be changed now: it is “%(status)s”.")
            % {"status": registration.get_status_display()},
            code="state",
        )
    return event, registration


def accept_application(registration, *, actor, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        event, registration = _decide(
            registration, actor, (Status.APPLIED, Status.WAITLISTED, Status.REJECTED)
        )
        if not _seat_free(event, registration.attendance_mode):
            raise ValidationError(
                _(
                    "No seat is free for this way of taking part. Put the applicant on the "
                    "waitlist or raise the capacity."
                ),
                code="full",
            )
        registration.status = Status.ACCEPTED
        registration.decided_at = now
        registration.save(update_fields=["status", "decided_at", "updated"])
        log_action("events.application.accept", actor=actor, target=registration)
        _tell(
            registration.user,
            "events.accepted",
            event,
            title=lambda: (
                gettext("You have been selected for “%(title)s”") % {"title": _title(event)}
            ),
            body=lambda: gettext("It starts on %(when)s.") % {"when": _when(event)},
        )
    return registration


def reject_application(registration, *, actor, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        event, registration = _decide(
            registration, actor, (Status.APPLIED, Status.WAITLISTED, Status.ACCEPTED)
        )
        was_seated = registration.status == Status.ACCEPTED
        registration.status = Status.REJECTED
        registration.decided_at = now
        registration.save(update_fields=["status", "decided_at", "updated"])
        log_action("events.application.reject", actor=actor, target=registration)
        _tell(
            registration.user,
            "events.rejected",
            event,
            title=lambda: (
                gettext("Your application for “%(title)s” was not selected")
                % {"title": _title(event)}
            ),
            body=lambda: gettext("Thank you for applying. We hope to see you at another event."),
        )
        if was_seated:
            _offer_freed_seats(event, now)
    return registration


def waitlist_application(registration, *, actor, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        event, registration = _decide(registration, actor, (Status.APPLIED, Status.REJECTED))
        registration.status = Status.WAITLISTED
        registration.decided_at = now
        registration.save(update_fields=["status", "decided_at", "updated"])
        log_action("events.application.waitlist", actor=actor, target=registration)
        _tell(
            registration.user,
            "events.application_waitlisted",
            event,
            title=lambda: (
                gettext("Your application for “%(title)s” is on the waitlist")
                % {"title": _title(event)}
            ),
            body=lambda: gettext(
                "If a seat frees up you will be told and have a limited time to confirm it."
            ),
        )
        _offer_freed_seats(event, now)
    return registration


def admit_applicant(event_id, user, *, actor, now=None):
    """Give a seat to a person selected elsewhere (an accepted call applicant), or refuse.

    The event stays locked for the caller's whole decision: nobody takes the seat between the
    count and the write. Where people wait for seats, they go first and the applicant is refused.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        current = registration_of(user, event)
        if current is not None and current.is_participant:
            return current
        waiting = {
            mode
            for (status, mode), count in registration_counts(event).items()
            if status == "waitlisted" and count
        }
        modes = [
            m
            for m in event.attendance_modes
            if seats_left(event, m) != 0
            and not (event.registration_mode == RegistrationMode.OPEN and m in waiting)
        ]
        if not modes:
            raise ValidationError(
                _(
                    "“%(event)s” is full: the applicant cannot be accepted. Raise its capacity or "
                    "put the application on the waitlist."
                )
                % {"event": event.title.for_reader().text},
                code="event-full",
            )
        mode = modes[0]
        if event.registration_mode == RegistrationMode.APPLICATION:
            if current is None or not current.is_active:
                current = apply(event, user, attendance_mode=mode, now=now)
            return accept_application(current, actor=actor, now=now)
        if event.registration_mode == RegistrationMode.OPEN:
            registration = register(event, user, attendance_mode=mode, now=now)
            if not registration.is_participant:
                # People wait for the seats that are free: they go first (the whole decision
                # rolls back).
                raise ValidationError(
                    _(
                        "People are on the waitlist of “%(event)s”: the applicant cannot take a "
                        "seat before them. Raise its capacity or put the application on the "
                        "waitlist."
                    )
                    % {"event": event.title.for_reader().text},
                    code="event-full",
                )
            return registration
        raise ValidationError(
            _("“%(event)s” is by invitation only: invite the participants from its page.")
            % {"event": event.title.for_reader().text},
            code="invitation-only",
        )


# Invitations --------------------------------------------------------------------------------


def invite(event, emails, *, actor, now=None):
    """Send personal invitation links; an address already invited is not invited twice."""
    now = now or timezone.now()
    User = get_user_model()
    addresses = []
    for email in emails:
        email = (email or "").strip().lower()
        if email and email not in addresses:
            addresses.append(email)
    if not addresses:
        raise ValidationError({"emails": _("Give at least one e-mail address.")}, code="empty")
    created = []
    with transaction.atomic():
        event = _locked(event)
        if event.status == Event.Status.CANCELLED or event.is_past(now):
            raise ValidationError(
                _("Invitations can only be sent for events still to come."), code="closed"
            )
        for email in addresses:
            invitation, is_new = Invitation.objects.get_or_create(
                event=event,
                email=email,
                defaults={
                    "invited_by": actor,
                    "user": User.objects.filter(email=email, is_active=True).first(),
                },
            )
            if not is_new:
                continue
            created.append(invitation)
            log_action("events.invitation.create", actor=actor, target=event, email=email)
            _send_invitation(invitation)
    return created


def _send_invitation(invitation):
    event = invitation.event
    url = invitation.get_absolute_url()
    if invitation.user is not None:
        _tell(
            invitation.user,
            "events.invited",
            event,
            title=lambda: gettext("You are invited to “%(title)s”") % {"title": _title(event)},
            body=lambda: (
                gettext("It starts on %(when)s. Accept with your personal link.")
                % {"when": _when(event)}
            ),
            url=url,
        )
        return
    # Not on Atelier yet: an e-mail in the language of the person who invites.
    from django.conf import settings

    subject = gettext("You are invited to “%(title)s”") % {"title": _title(event)}
    message = render_to_string(
        "events/invitation_email.txt",
        {"event": event, "when": _when(event), "link": f"{settings.SITE_URL}{url}"},
    )
    send_mail(subject, message, None, [invitation.email])


def accept_invitation(
    invitation, user, *, attendance_mode="", details=None, answers=None, now=None
):
    """Register through a personal link: a seat while there is one, else the waitlist."""
    now = now or timezone.now()
    details = _clean_details(details)
    with transaction.atomic():
        event = _locked(invitation.event)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ValidationError(_("This invitation has already been used."), code="used")
        if invitation.user_id is not None and invitation.user_id != user.pk:
            # Sent to an address of an existing account: only that account may use it.
            raise ValidationError(
                _("This invitation is for another account. Log in with the invited address."),
                code="other-account",
            )
        _check_open(event, now)
        mode = _clean_mode(event, attendance_mode)
        cleaned_answers = _clean_answers(event, answers)
        _check_not_registered(event, user)
        _expire_offers_locked(event, now)
        _offer_freed_seats(event, now)
        registration = _create_registration(
            event,
            user,
            attendance_mode=mode,
            status=_place(event, mode),
            invitation=invitation,
            answers=cleaned_answers,
            **details,
        )
        invitation.accepted_at = now
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        log_action(
            "events.invitation.accept", actor=user, target=registration, status=registration.status
        )
        _tell_placed(registration)
    return registration


# Reminders ----------------------------------------------------------------------------------


def send_due_reminders(now=None):
    """Remind participants a week and a day before; each reminder goes once per registration.

    Each reminder is claimed with a conditional update before it is sent, so two runs at the
    same time never send it twice. Returns how many reminders were sent.
    """
    now = now or timezone.now()
    sent = 0
    base = Registration.objects.filter(
        status__in=Registration.PARTICIPANT_STATUSES,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=now,
    ).select_related("event", "user")
    day = base.filter(event__starts_at__lte=now + timedelta(days=1), day_reminder_sent_at=None)
    week = base.filter(
        event__starts_at__gt=now + timedelta(days=1),
        event__starts_at__lte=now + timedelta(days=7),
        week_reminder_sent_at=None,
        # Who registers within the last week has just read the date: only the day reminder.
        created__lte=F("event__starts_at") - timedelta(days=7),
    )
    for field, registrations, verb in (
        ("day_reminder_sent_at", day, "events.reminder_day"),
        ("week_reminder_sent_at", week, "events.reminder_week"),
    ):
        for registration in registrations.order_by("pk"):
            with transaction.atomic():
                claimed = Registration.objects.filter(
                    pk=registration.pk,
                    status__in=Registration.PARTICIPANT_STATUSES,
                    **{field: None},
                ).update(**{field: now})
                if not claimed:
                    continue
                event = registration.event
                _tell(
                    registration.user,
                    verb,
                    event,
                    title=lambda e=event, v=verb: (
                        (
                            gettext("Tomorrow: “%(title)s”")
                            if v == "events.reminder_day"
                            else gettext("In a week: “%(title)s”")
                        )
                        % {"title": _title(e)}
                    ),
                    body=lambda e=event: gettext("It starts on %(when)s.") % {"when": _when(e)},
                )
                sent += 1
    return sent


# Personal data ------------------------------------------------------------------------------


def export_registrations(user):
    return [
        {
            "event": registration.event.title.text,
            "url": registration.event.get_absolute_url(),
            "status": registration.status,
            "attendance_mode": registration.attendance_mode,
            "country": str(registration.country.code) if registration.country else "",
            "organisation": registration.organisation,
            "sector": registration.sector,
            "demographics_consent": registration.demographics_consent,
            "gender": registration.gender,
            "age_group": registration.age_group,
            "answers": registration.answers,
            "registered": registration.created,
        }
        for registration in user.event_registrations.select_related("event").order_by("created")
    ]


def erase_registrations(user):
    """On erasure: what identifies the person goes; the counts for funders stay anonymous."""
    user.event_registrations.update(
        organisation="",
        answers={},
        gender="",
        age_group="",
        demographics_consent=False,
        demographics_consent_at=None,
    )
    for invitation in Invitation.objects.filter(user=user):
        invitation.email = f"erased-{invitation.pk}@erased.invalid"
        invitation.save(update_fields=["email"])


def registration_counts(event):
    """Registrations per status and attendance mode: {(status, mode): count}."""
    rows = (
        Registration.objects.filter(event=event)
        .values("status", "attendance_mode")
        .annotate(n=Count("pk"))
    )
    return {(row["status"], row["attendance_mode"]): row["n"] for row in rows}


def replace_original(current, text, language):
    """A multilingual text with a new original, keeping translations into other languages."""
    current = MultilingualText.from_json(current)
    translations = {k: v for k, v in current.translations.items() if k != language}
    return MultilingualText(text, language, translations)
