"""Pages of attendance: tickets, check-in, the attendance export and certificates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from atelier.core.confirm import confirm_page
from atelier.core.exports import table_response
from atelier.core.permissions import object_permission, permission_required

from ..models import Certificate, CertificateRule, Registration
from ..services import attendance, certificates
from .events import _error_text, _event, _query_without_page

CHECK_IN_PER_PAGE = 50


def _ticket_registration(request, token):
    return get_object_or_404(
        Registration.objects.select_related("event", "event__programme", "user"),
        ticket_token=token,
    )


def _certificate(code):
    return (
        Certificate.objects.select_related("registration__event__programme", "registration__user")
        .filter(code=code)
        .first()
    )


def _existing_certificate(request, code):
    certificate = _certificate(code)
    if certificate is None:
        raise Http404
    return certificate


# Tickets ---------------------------------------------------------------------------------------


@require_GET
@object_permission("events.view_ticket", _ticket_registration)
def ticket(request, registration):
    event = registration.event
    valid = attendance.ticket_problem(registration, event) is None
    check_in_url = request.build_absolute_uri(attendance.check_in_path(registration))
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": event,
            "valid": valid,
            "check_in_url": check_in_url,
            "qr": attendance.qr_svg(check_in_url, _("QR code of the ticket")) if valid else "",
            "certificate": Certificate.objects.filter(registration=registration).first(),
            "own": registration.user_id == request.user.pk,
            "can_check_in": request.user.has_perm("events.manage_registrations", event),
        },
    )


# Check-in --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@object_permission("events.manage_registrations", _event)
def check_in(request, event, token):
    registration = _ticket_registration(request, token)
    problem = attendance.check_in_problem(registration, event)
    if request.method == "POST" and problem is None:
        mode = request.POST.get("mode") or registration.attendance_mode
        try:
            result = attendance.check_in(registration, actor=request.user, event=event, mode=mode)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            name = result.registration.user.display_name_or_fallback
            if result.already:
                messages.info(request, _("%(name)s was already checked in.") % {"name": name})
            else:
                messages.success(request, _("%(name)s is checked in.") % {"name": name})
        return redirect("events:check-in", slug=event.slug, token=token)
    status = 200
    if problem is not None:
        if request.method == "POST":
            messages.error(request, problem)
        status = 409
    return render(
        request,
        "events/checkin.html",
        {"event": event, "registration": registration, "problem": problem},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@object_permission("events.manage_registrations", _event)
def check_in_list(request, event):
    if request.method == "POST":
        return _save_check_in_list(request, event)
    search = request.GET.get("q", "").strip()[:100]
    sessions = list(event.sessions.all())
    session = _chosen_session(sessions, request.GET.get("session"))
    page = Paginator(
        attendance.check_in_list(event, search, session=session), CHECK_IN_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "events/checkin_list.html",
        {
            "event": event,
            "sessions": sessions,
            "session": session,
            "window_problem": attendance.window_problem(event),
            "page": page,
            "registrations": page.object_list,
            "search": search,
            "query": _query_without_page(request),
            "back": request.GET.urlencode(),
            "counts": attendance.attendance_counts(event),
            "modes": event.attendance_modes,
            "several_modes": len(event.attendance_modes) > 1,
        },
    )


def _chosen_session(sessions, value):
    return next((s for s in sessions if str(s.pk) == (value or "")), None)


def _ids(values):
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def _save_check_in_list(request, event):
    shown = _ids(request.POST.getlist("shown"))
    present = set(_ids(request.POST.getlist("present")))
    modes = {pk: request.POST.get(f"mode-{pk}", "") for pk in shown}
    session = None
    if request.POST.get("session"):
        session = _chosen_session(list(event.sessions.all()), request.POST.get("session"))
        if session is None:
            raise Http404
    try:
        changed = attendance.save_attendance(
            event, actor=request.user, shown=shown, present=present, modes=modes, session=session
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        if changed:
            messages.success(request, _("Attendance saved."))
        else:
            messages.info(request, _("Nothing to change."))
    back = request.POST.get("back", "")
    url = reverse("events:check-in-list", args=[event.slug])
    return redirect(f"{url}?{back}" if back else url)


@require_GET
@object_permission("events.manage_registrations", _event)
def find_ticket(request, event):
    """The check-in list's ticket-code box: for scanners that type what they read."""
    code = request.GET.get("ticket", "").strip()
    # A scanner may type the whole check-in address; its last part is the token.
    token = code.rstrip("/").rsplit("/", 1)[-1]
    if not token or not Registration.objects.filter(ticket_token=token).exists():
        messages.error(request, _("No ticket has this code."))
        return redirect("events:check-in-list", slug=event.slug)
    return redirect("events:check-in", slug=event.slug, token=token)


# Export ----------------------------------------------------------------------------------------


@require_GET
@object_permission("events.manage_registrations", _event)
def export(request, event, fmt):
    response = table_response(
        fmt,
        attendance.export_columns(),
        attendance.export_rows(event),
        filename=f"attendance-{event.slug}",
        sheet=_("Attendance"),
    )
    response["Cache-Control"] = "private, no-store"
    return response


# Certificates ----------------------------------------------------------------------------------


@require_GET
@object_permission("events.download_certificate", _ticket_registration)
def certificate_download(request, registration):
    try:
        certificate = certificates.issue_certificate(registration)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("events:ticket", token=registration.ticket_token)
    if certificate.is_revoked:
        messages.error(request, _("This certificate has been revoked."))
        return redirect("events:ticket", token=registration.ticket_token)
    pdf = certificates.render_pdf(certificate, certificates.verification_url(request, certificate))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{registration.event.slug}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@permission_required("events.verify_certificate")
def certificate_verify(request, code):
    certificate = _certificate(code)
    event = certificate.registration.event if certificate else None
    return render(
        request,
        "events/certificate_verify.html",
        {
            "certificate": certificate,
            "event": event,
            "code": code,
            "dates": certificates.event_dates(event) if event else "",
            "hours": certificates.format_hours(certificate.hours) if certificate else "",
            "can_revoke": certificate is not None
            and request.user.has_perm("events.revoke_certificate", certificate),
        },
        status=200 if certificate else 404,
    )


@require_http_methods(["GET", "POST"])
@object_permission("events.revoke_certificate", _existing_certificate)
def certificate_revoke(request, certificate):
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Revoke the certificate of %(name)s?") % {"name": certificate.name or "—"},
            message=_(
                "Its verification page will say that it is revoked and not valid, and its holder "
                "can no longer download it. A revoked certificate cannot be issued again."
            ),
            button=_("Revoke the certificate"),
            cancel_url=reverse("events:certificate-verify", args=[certificate.code]),
        )
    certificates.revoke_certificate(certificate, actor=request.user)
    messages.success(request, _("The certificate has been revoked."))
    back = request.POST.get("next", "")
    if back == "list":
        return redirect("events:certificates", slug=certificate.registration.event.slug)
    return redirect("events:certificate-verify", code=certificate.code)


@require_http_methods(["GET", "POST"])
@object_permission("events.issue_certificates", _event)
def certificate_list(request, event):
    """Everyone checked in, where they stand against the rule, and the bulk issue."""
    if request.method == "POST":
        try:
            issued = certificates.issue_certificates(
                event, actor=request.user, chosen=_ids(request.POST.getlist("chosen"))
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            if issued:
                messages.success(
                    request,
                    _("%(count)d certificate(s) issued; their holders can download them.")
                    % {"count": len(issued)},
                )
            else:
                messages.info(request, _("Nobody more may have a certificate now."))
        return redirect("events:certificates", slug=event.slug)
    rows = certificates.certificate_rows(event)
    page = Paginator(rows, CHECK_IN_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/certificates.html",
        {
            "event": event,
            "page": page,
            "rows": page.object_list,
            "query": _query_without_page(request),
            "started": event.has_started(),
            "by_hand": event.certificate_rule == CertificateRule.BY_HAND,
            "eligible": sum(1 for r in rows if r.certificate is None and not r.standing.problem),
            "sessions": event.sessions.count(),
        },
    )
