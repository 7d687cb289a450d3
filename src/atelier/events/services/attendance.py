"""Tickets, check-in and the attendance export of an event.

Every registration carries a random ``ticket_token``; the ticket page shows it as a QR code of
the organisers' check-in address (``/events/<slug>/check-in/<token>/``). Checking in is
idempotent and happens under a lock on the registration row. Gender and age group are exported
only for people who consented to giving them.
"""

from dataclasses import dataclass
from datetime import UTC

import segno
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import AttendanceMode, Event, Registration, SessionAttendance


def check_in_path(registration):
    return reverse("events:check-in", args=[registration.event.slug, registration.ticket_token])


def ticket_path(registration):
    return reverse("events:ticket", args=[registration.ticket_token])


def qr_svg(data, title):
    """An inline SVG QR code of ``data`` (medium error correction), drawn server-side."""
    code = segno.make(data, error="m", micro=False)
    return code.svg_inline(scale=4, border=4, title=title, svgclass="qr-code", omitsize=True)


def qr_matrix(data):
    """The modules of the QR code ``qr_svg`` draws for ``data``, to compare codes in tests."""
    return tuple(tuple(row) for row in segno.make(data, error="m", micro=False).matrix)


# Checking in -----------------------------------------------------------------------------------


@dataclass
class CheckIn:
    registration: Registration
    already: bool


def window_problem(event, now=None):
    """Why nobody may be checked in at ``event`` at ``now``, or ``None``: check-in opens an hour
    before the first session and closes at the end of the event's last day."""
    now = now or timezone.now()
    opens, closes = event.check_in_window()
    if now < opens:
        return _("Check-in opens on %(when)s (%(zone)s), an hour before the event starts.") % {
            "when": formats.date_format(timezone.localtime(opens, event.zone), "DATETIME_FORMAT"),
            "zone": event.time_zone,
        }
    if now >= closes:
        return _("Check-in closed at the end of the event's last day.")
    return None


def check_in_problem(registration, event, now=None):
    """Why this ticket may not be checked in at ``event`` now, or ``None``."""
    return ticket_problem(registration, event) or window_problem(event, now)


def ticket_problem(registration, event):
    """Why this ticket is not valid for ``event``, or ``None``."""
    if registration.event_id != event.pk:
        return _("This ticket is for another event: %(title)s.") % {
            "title": registration.event.title
        }
    if event.status == Event.Status.CANCELLED:
        return _("This event has been cancelled.")
    if registration.status == Registration.Status.CANCELLED:
        return _("This registration was cancelled: the ticket is not valid.")
    if not registration.is_participant:
        return _("This person is not a confirmed participant (%(status)s).") % {
            "status": registration.get_status_display()
        }
    return None


def _valid_mode(event, mode):
    if mode not in event.attendance_modes:
        raise ValidationError(
            _("This event cannot be attended that way: %(mode)s.") % {"mode": mode or "—"}
        )


def check_in(registration, *, actor, event, mode=None, now=None):
    """Mark the person as present; says whether they already were. Refuses invalid tickets."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update()
            .select_related("event", "user")
            .get(pk=registration.pk)
        )
        problem = check_in_problem(locked, event, now)
        if problem:
            raise ValidationError(problem)
        mode = mode or locked.attendance_mode
        _valid_mode(locked.event, mode)
        if locked.checked_in_at is not None:
            if locked.attended_mode != mode:
                locked.attended_mode = mode
                locked.save(update_fields=["attended_mode", "updated"])
            return CheckIn(locked, already=True)
        locked.checked_in_at = now
        locked.checked_in_by = actor
        locked.attended_mode = mode
        locked.save(update_fields=["checked_in_at", "checked_in_by", "attended_mode", "updated"])
        return CheckIn(locked, already=False)


def undo_check_in(registration, *, actor):
    """Take back a check-in made by mistake; a certificate already issued stays until revoked."""
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.checked_in_at is None:
            return locked
        locked.checked_in_at = None
        locked.checked_in_by = None
        locked.attended_mode = ""
        locked.save(update_fields=["checked_in_at", "checked_in_by", "attended_mode", "updated"])
        SessionAttendance.objects.filter(registration=locked).delete()
        return locked


def save_attendance(event, *, actor, shown, present, modes, session=None, now=None):
    """Apply the check-in list's form: ``shown`` registration ids, those ``present``, their modes.

    With a ``session``, presence is at that session of the timetable: who is present there is
    also checked in at the event, and unticking takes back only the session.

    All or nothing: an invalid row (another event's, cancelled, a mode the event lacks) stops the
    whole change with a clear error.
    """
    if session is not None:
        return _save_session_attendance(
            event, session, actor=actor, shown=shown, present=present, modes=modes, now=now
        )
    changed = 0
    with transaction.atomic():
        rows = (
            Registration.objects.select_for_update()
            .select_related("event", "user")
            .filter(pk__in=shown)
            .order_by("pk")
        )
        found = {row.pk: row for row in rows}
        if set(shown) - set(found):
            raise ValidationError(_("Some of these registrations do not exist any more."))
        for pk in shown:
            registration = found[pk]
            if pk in present:
                mode = modes.get(pk) or registration.attendance_mode
                result = check_in(registration, actor=actor, event=event, mode=mode, now=now)
                if not result.already or result.registration.attended_mode != (
                    registration.attended_mode
                ):
                    changed += 1
            elif registration.checked_in_at is not None:
                if registration.event_id != event.pk:
                    raise ValidationError(ticket_problem(registration, event))
                undo_check_in(registration, actor=actor)
                changed += 1
    return changed


def _save_session_attendance(event, session, *, actor, shown, present, modes, now=None):
    now = now or timezone.now()
    if session.event_id != event.pk:
        raise ValidationError(_("This session is of another event."))
    changed = 0
    with transaction.atomic():
        rows = (
            Registration.objects.select_for_update()
            .select_related("event", "user")
            .filter(pk__in=shown)
            .order_by("pk")
        )
        found = {row.pk: row for row in rows}
        if set(shown) - set(found):
            raise ValidationError(_("Some of these registrations do not exist any more."))
        attended = set(
            SessionAttendance.objects.filter(session=session, registration__in=shown).values_list(
                "registration_id", flat=True
            )
        )
        for pk in shown:
            registration = found[pk]
            if pk in present:
                mode = modes.get(pk) or registration.attended_mode or registration.attendance_mode
                check_in(registration, actor=actor, event=event, mode=mode, now=now)
                if pk not in attended:
                    SessionAttendance.objects.create(
                        registration=registration,
                        session=session,
                        checked_in_at=now,
                        checked_in_by=actor,
                    )
                    changed += 1
            elif pk in attended:
                if registration.event_id != event.pk:
                    raise ValidationError(ticket_problem(registration, event))
                SessionAttendance.objects.filter(
                    registration=registration, session=session
                ).delete()
                changed += 1
    return changed


def check_in_list(event, search="", session=None):
    """The event's participants and the cancelled ones who had checked in, by name; with a
    ``session``, each says whether they were at it (``at_session``)."""
    queryset = (
        Registration.objects.filter(event=event)
        .filter(
            Q(status__in=Registration.PARTICIPANT_STATUSES)
            | Q(status=Registration.Status.CANCELLED, checked_in_at__isnull=False)
        )
        .select_related("user", "certificate")
        .order_by("user__display_name", "user__email", "pk")
    )
    if session is not None:
        queryset = queryset.annotate(
            at_session=Exists(
                SessionAttendance.objects.filter(registration=OuterRef("pk"), session=session)
            )
        )
    search = search.strip()
    if search:
        queryset = queryset.filter(
            Q(user__display_name__icontains=search) | Q(user__email__icontains=search)
        )
    return queryset


def attendance_counts(event):
    participants = Registration.objects.filter(
        event=event, status__in=Registration.PARTICIPANT_STATUSES
    )
    return {
        "participants": participants.count(),
        "room": participants.filter(attended_mode=AttendanceMode.ROOM).count(),
        "online": participants.filter(attended_mode=AttendanceMode.ONLINE).count(),
    }


# Export ----------------------------------------------------------------------------------------


def export_columns():
    return [
        _("Name"),
        _("E-mail"),
        _("Organisation"),
        _("Country"),
        _("Sector"),
        _("Registered to take part"),
        _("Status"),
        _("Checked in (UTC)"),
        _("Attended"),
        _("Gender"),
        _("Age group"),
    ]


def export_rows(event):
    """One row per registration that is or was a participant; demographics only with consent."""
    registrations = (
        Registration.objects.filter(event=event)
        .filter(
            Q(status__in=Registration.PARTICIPANT_STATUSES)
            | Q(checked_in_at__isnull=False)
            | Q(status=Registration.Status.CANCELLED)
        )
        .select_related("user")
        .order_by("user__display_name", "user__email", "pk")
    )
    for registration in registrations.iterator(chunk_size=500):
        consented = registration.demographics_consent
        yield [
            str(registration.user.display_name_or_fallback),
            "" if registration.user.is_erased else registration.user.email,
            registration.organisation,
            str(registration.country.name) if registration.country else "",
            str(registration.get_sector_display()) if registration.sector else "",
            str(registration.get_attendance_mode_display()),
            str(registration.get_status_display()),
            (
                registration.checked_in_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
                if registration.checked_in_at
                else ""
            ),
            str(registration.get_attended_mode_display()) if registration.attended_mode else "",
            str(registration.get_gender_display()) if consented and registration.gender else "",
            (
                str(registration.get_age_group_display())
                if consented and registration.age_group
                else ""
            ),
        ]
