"""Certificates of attendance: issued once to each attendee, as PDF, verifiable by a public code.

Hours: when the event has a timetable, the certificate counts the time its sessions cover
(overlapping sessions, such as parallel tracks, count once): check-in records presence at the
event, not at each session. Without a timetable it counts the event's own duration, at most
eight hours per calendar day of the event, so a three-day camp is not credited its nights.

The certificate is written in the participant's preferred language (``preferred_language``),
whatever language the page they download it from is in, with the DejaVu Sans font of
``core.pdf`` (Latin with all the diacritics, Cyrillic).
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from atelier.core import pdf as core_pdf
from atelier.core.audit import log_action

from ..models import Certificate, CertificateRule, Registration, SessionAttendance
from . import attendance

MAX_HOURS_PER_DAY = 8


def _covered(sessions):
    """The time ``sessions`` cover, overlapping ones counted once."""
    intervals = sorted((s.starts_at, s.ends_at) for s in sessions)
    total = timedelta()
    if intervals:
        start, end = intervals[0]
        for next_start, next_end in intervals[1:]:
            if next_start > end:
                total += end - start
                start, end = next_start, next_end
            else:
                end = max(end, next_end)
        total += end - start
    return total


def _as_hours(total):
    hours = Decimal(total.total_seconds()) / Decimal(3600)
    return hours.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def attended_hours(event, sessions=None):
    """Hours a certificate of ``event`` states; see the module's description."""
    sessions = event.sessions.all() if sessions is None else sessions
    intervals = sorted((s.starts_at, s.ends_at) for s in sessions)
    total = timedelta()
    if intervals:
        start, end = intervals[0]
        for next_start, next_end in intervals[1:]:
            if next_start > end:
                total += end - start
                start, end = next_start, next_end
            else:
                end = max(end, next_end)
        total += end - start
    else:
        day = event.local_start
        last = event.local_end
        while day < last:
            midnight = (day + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
            stop = min(midnight, last)
            total += min(stop - day, timedelta(hours=MAX_HOURS_PER_DAY))
            day = stop
    hours = Decimal(total.total_seconds()) / Decimal(3600)
    return hours.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _language_of(user):
    codes = {code for code, _name in settings.LANGUAGES}
    language = (user.preferred_language or "").split("-")[0]
    return language if language in codes else settings.LANGUAGE_CODE


def certificate_problem(registration, now=None):
    if not registration.event.has_started(now):
        return _("No certificate can be issued for an event that has not started.")
    if registration.checked_in_at is None:
        return _("Certificates are given to people who were checked in at the event.")
    if registration.status not in Registration.PARTICIPANT_STATUSES:
        return _("This registration is not a participant's any more.")
    return None


@dataclass
class Standing:
    """Where a person stands against the event's certificate rule."""

    problem: str | None
    hours: Decimal
    share: int


def standing(registration, sessions, attended_ids, *, recorded, now=None):
    """``sessions``: the event's timetable; ``attended_ids``: the sessions the person was at;
    ``recorded``: whether presence at sessions was taken at all for this event. Where it was
    not, check-in at the event counts as presence at every session."""
    event = registration.event
    problem = certificate_problem(registration, now)
    total = _covered(sessions)
    if sessions and recorded:
        present = [s for s in sessions if s.pk in attended_ids]
        covered = _covered(present)
        share = int(covered / total * 100) if total else 100
        hours = _as_hours(covered)
    else:
        present, share, hours = sessions, 100, attended_hours(event, sessions)
    if problem is None and sessions and recorded:
        if event.certificate_rule == CertificateRule.ALL_SESSIONS and len(present) < len(sessions):
            problem = _("Present at %(present)d of the %(total)d sessions; all are needed.") % {
                "present": len(present),
                "total": len(sessions),
            }
        elif (
            event.certificate_rule == CertificateRule.SHARE_OF_HOURS
            and share < event.certificate_share
        ):
            problem = _("Present for %(share)d%% of the hours; %(needed)d%% are needed.") % {
                "share": share,
                "needed": event.certificate_share,
            }
    return Standing(problem, hours, share)


def _standing_of(registration, now=None):
    event = registration.event
    sessions = list(event.sessions.all())
    recorded = SessionAttendance.objects.filter(session__event=event).exists()
    attended = set(
        SessionAttendance.objects.filter(registration=registration).values_list(
            "session_id", flat=True
        )
    )
    return standing(registration, sessions, attended, recorded=recorded, now=now)


def issue_certificate(registration, *, by_hand=False, now=None):
    """The attendee's certificate: made when issued (in bulk by the organisers, or at the first
    download where the rule decides alone), the same one afterwards."""
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update()
            .select_related("event", "user")
            .get(pk=registration.pk)
        )
        existing = Certificate.objects.filter(registration=locked).first()
        if existing is not None:
            return existing
        event = locked.event
        if event.certificate_rule == CertificateRule.BY_HAND and not by_hand:
            raise ValidationError(
                _("The organisers of this event issue its certificates."), code="by-hand"
            )
        found = _standing_of(locked, now)
        if found.problem:
            raise ValidationError(found.problem)
        certificate = Certificate(
            registration=locked,
            name=str(locked.user.display_name_or_fallback),
            hours=found.hours,
            language=_language_of(locked.user),
        )
        certificate.save()
        return certificate


def issue_certificates(event, *, actor, chosen=None, now=None):
    """Issue the certificates the rule grants, all at once; with the rule "by hand", to the
    ``chosen`` registration ids. Says how many were issued. All or nothing."""
    now = now or timezone.now()
    if not event.has_started(now):
        raise ValidationError(
            _("No certificate can be issued for an event that has not started."),
            code="not-started",
        )
    by_hand = event.certificate_rule == CertificateRule.BY_HAND
    if by_hand and not chosen:
        raise ValidationError(_("Choose the people to issue certificates to."), code="none")
    issued = []
    with transaction.atomic():
        rows = certificate_rows(event, now=now)
        if by_hand:
            chosen = set(chosen)
            known = {row.registration.pk for row in rows}
            if chosen - known:
                raise ValidationError(
                    _("Certificates go only to people checked in at this event."), code="unknown"
                )
            rows = [row for row in rows if row.registration.pk in chosen]
            refused = [row for row in rows if row.standing.problem and row.certificate is None]
            if refused:
                raise ValidationError(
                    _("%(name)s cannot have a certificate: %(problem)s")
                    % {
                        "name": refused[0].registration.user.display_name_or_fallback,
                        "problem": refused[0].standing.problem,
                    }
                )
        for row in rows:
            if row.certificate is not None or row.standing.problem:
                continue
            issued.append(issue_certificate(row.registration, by_hand=by_hand, now=now))
        log_action("events.certificates.issue", actor=actor, target=event, issued=len(issued))
    return issued


@dataclass
class CertificateRow:
    registration: Registration
    certificate: Certificate | None
    standing: Standing


def certificate_rows(event, now=None):
    """Everyone checked in at ``event`` (participants), with their certificate and standing."""
    sessions = list(event.sessions.all())
    registrations = list(
        Registration.objects.filter(
            event=event,
            status__in=Registration.PARTICIPANT_STATUSES,
            checked_in_at__isnull=False,
        )
        .select_related("user", "certificate")
        .prefetch_related("session_attendances")
        .order_by("user__display_name", "user__email", "pk")
    )
    recorded = SessionAttendance.objects.filter(session__event=event).exists()
    rows = []
    for registration in registrations:
        registration.event = event
        attended = {a.session_id for a in registration.session_attendances.all()}
        rows.append(
            CertificateRow(
                registration,
                getattr(registration, "certificate", None),
                standing(registration, sessions, attended, recorded=recorded, now=now),
            )
        )
    return rows


def revoke_certificate(certificate, *, actor, now=None):
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is None:
            locked.revoked_at = now or timezone.now()
            locked.revoked_by = actor
            locked.save(update_fields=["revoked_at", "revoked_by"])
            log_action(
                "events.certificate.revoke",
                actor=actor,
                target=locked.registration,
                code=locked.code,
            )
        return locked


def verification_url(request, certificate):
    return request.build_absolute_uri(reverse("events:certificate-verify", args=[certificate.code]))


def format_hours(hours):
    """6.5 rather than 6.50, 20 rather than 20.00, in the active language's notation."""
    hours = hours.to_integral_value() if hours == hours.to_integral_value() else hours.normalize()
    return formats.number_format(hours)


def event_dates(event):
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        return formats.date_format(start, "DATE_FORMAT")
    return _("%(start)s to %(end)s") % {
        "start": formats.date_format(start, "DATE_FORMAT"),
        "end": formats.date_format(end, "DATE_FORMAT"),
    }


def event_place(event):
    parts = [event.venue_name, event.venue_city, str(event.venue_country.name or "")]
    place = ", ".join(p for p in parts if p) if event.has_venue else ""
    if event.is_online:
        return _("%(place)s and online") % {"place": place} if place else _("Online")
    return place


def programme_name(event, language=None):
    """The organising programme as "title (ACRONYM)" in ``language``, or "" for none."""
    programme = event.programme
    if programme is None:
        return ""
    title = programme.title.for_reader(language).text
    acronym = programme.acronym.strip()
    if not acronym or acronym == title:
        return title
    return f"{title} ({acronym})"


def render_pdf(certificate, verify_url):
    """The certificate as PDF bytes, in the certificate's language."""
    registration = certificate.registration
    event = registration.event
    with translation.override(certificate.language):
        title = str(event.title.for_reader(certificate.language))
        pdf = core_pdf.document(_("Certificate of attendance"), certificate.language, margin=20)
        width = pdf.epw

        def line(text, size=11, style="", space=2, align="C"):
            pdf.set_font(core_pdf.FONT, style, size)
            pdf.multi_cell(width, size * 0.5, text, align=align, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(space)

        pdf.ln(10)
        line(_("Certificate of attendance"), size=24, style="B", space=10)
        line(_("This certifies that"), size=12, space=4)
        line(certificate.name, size=20, style="B", space=6)
        line(_("took part in"), size=12, space=4)
        line(title, size=16, style="B", space=6)
        programme = programme_name(event, certificate.language)
        if programme:
            # Translators: the funded programme (project) that organised the event.
            line(_("Organised within %(programme)s") % {"programme": programme}, size=12, space=4)
        line(event_dates(event), size=12)
        place = event_place(event)
        if place:
            line(place, size=12)
        mode = registration.get_attended_mode_display()
        line(_("Taking part: %(mode)s") % {"mode": mode}, size=11)
        line(_("Hours: %(hours)s") % {"hours": format_hours(certificate.hours)}, size=12, space=8)

        sessions = list(event.sessions.all())
        if sessions:
            line(_("Programme"), size=13, style="B", space=3, align="L")
            for session in sessions:
                start = timezone.localtime(session.starts_at, event.zone)
                end = timezone.localtime(session.ends_at, event.zone)
                day = formats.date_format(start, "SHORT_DATE_FORMAT")
                hours = (
                    f"{formats.time_format(start, 'TIME_FORMAT')}–"
                    f"{formats.time_format(end, 'TIME_FORMAT')}"
                )
                when = f"{day} {hours}"
                text = f"{when}  {session.title.for_reader(certificate.language)}"
                line(text, size=10, space=1, align="L")
            pdf.ln(6)

        if pdf.get_y() > pdf.eph - 50:
            pdf.add_page()
        qr_top = pdf.get_y()
        size = 35
        _draw_qr(pdf, verify_url, pdf.l_margin, qr_top, size)
        pdf.set_xy(pdf.l_margin + size + 6, qr_top + 4)
        pdf.set_font(core_pdf.FONT, "", 10)
        pdf.multi_cell(
            width - size - 6,
            5,
            "\n".join(
                [
                    _("Check that this certificate is genuine at:"),
                    verify_url,
                    _("Code: %(code)s") % {"code": certificate.code},
                    _("Issued on %(date)s")
                    % {"date": formats.date_format(certificate.issued_at, "DATE_FORMAT")},
                ]
            ),
            align="L",
        )
        return bytes(pdf.output())


def _draw_qr(pdf, data, left, top, size):
    matrix = attendance.qr_matrix(data)
    border = 2
    module = size / (len(matrix) + 2 * border)
    pdf.set_fill_color(0, 0, 0)
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                run = x
                while run < len(row) and row[run]:
                    run += 1
                pdf.rect(
                    left + (border + x) * module,
                    top + (border + y) * module,
                    (run - x) * module,
                    module,
                    style="F",
                )
                x = run
            else:
                x += 1


# Personal data ---------------------------------------------------------------------------------


def export_attendance(user):
    """For the person's data export: their check-ins and certificates."""
    registrations = (
        Registration.objects.filter(user=user)
        .exclude(checked_in_at__isnull=True, certificate__isnull=True)
        .select_related("event", "certificate")
        .order_by("created", "pk")
    )
    rows = []
    for registration in registrations:
        certificate = getattr(registration, "certificate", None)
        rows.append(
            {
                "event": registration.event.title.text,
                "url": registration.event.get_absolute_url(),
                "checked_in_at": registration.checked_in_at,
                "attended": registration.attended_mode,
                "certificate": None
                if certificate is None
                else {
                    "code": certificate.code,
                    "url": certificate.get_absolute_url(),
                    "name": certificate.name,
                    "hours": str(certificate.hours),
                    "language": certificate.language,
                    "issued": certificate.issued_at,
                    "revoked": certificate.revoked_at,
                },
            }
        )
    return rows


def erase_certificates(user, now=None):
    """On erasure: the name goes from the certificates, which stop verifying as valid."""
    now = now or timezone.now()
    certificates = Certificate.objects.filter(registration__user=user)
    certificates.filter(revoked_at__isnull=True).update(revoked_at=now)
    certificates.update(name="")
