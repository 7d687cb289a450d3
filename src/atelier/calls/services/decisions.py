"""The write path of decisions: accept, reject or waitlist an application.

Deciding locks the call, so its places are never given twice; an accepted expert joins the
pool, an accepted participant gets a seat at the call's event.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from atelier.core.audit import log_action
from atelier.notifications.services import notify

from ..models import Application, Call
from .calls import Kind, Status, _locked, _title, deadline_text

DECISIONS = {
    "accept": Status.ACCEPTED,
    "reject": Status.REJECTED,
    "waitlist": Status.WAITLISTED,
}
DECIDABLE_FROM = {
    Status.ACCEPTED: (Status.SUBMITTED, Status.WAITLISTED, Status.REJECTED),
    Status.REJECTED: (Status.SUBMITTED, Status.WAITLISTED),
    Status.WAITLISTED: (Status.SUBMITTED, Status.REJECTED),
}


def _answers_of_kind(application, kind):
    values = []
    for question in application.call.questions.all():
        if question.kind == kind:
            answer = application.answers.get(question.key)
            values.extend(answer if isinstance(answer, list) else [answer] if answer else [])
    return list(dict.fromkeys(values))


def _bio(application):
    texts = [
        application.answers.get(q.key, "")
        for q in application.call.questions.all()
        if q.kind == Kind.LONG_TEXT
    ]
    return next((t for t in texts if t), "")


def _make_expert(application, actor):
    from atelier.experts.services import ensure_expert

    ensure_expert(
        application.applicant,
        areas=_answers_of_kind(application, Kind.AREAS),
        languages=_answers_of_kind(application, Kind.LANGUAGES),
        countries=_answers_of_kind(application, Kind.COUNTRY),
        bio=_bio(application) or None,
        actor=actor,
    )


def _register_to_event(application, actor, now):
    """Register the accepted applicant to the call's event, or refuse if it is full."""
    from atelier.events import services as event_services

    if application.call.event_id is None:
        raise ValidationError(
            _("This call names no event to register the participants to."), code="no-event"
        )
    return event_services.admit_applicant(
        application.call.event_id, application.applicant, actor=actor, now=now
    )


def _tell_decision(application):
    call = application.call
    messages = {
        Status.ACCEPTED: (
            lambda: (
                gettext("Your application to “%(title)s” has been accepted")
                % {"title": _title(call)}
            ),
            lambda: gettext("Congratulations! The coordinators will be in touch."),
        ),
        Status.REJECTED: (
            lambda: (
                gettext("Your application to “%(title)s” was not selected")
                % {"title": _title(call)}
            ),
            lambda: gettext("Thank you for applying. We hope to see you in another call."),
        ),
        Status.WAITLISTED: (
            lambda: (
                gettext("Your application to “%(title)s” is on the waitlist")
                % {"title": _title(call)}
            ),
            lambda: gettext("If a place frees up, you will be told."),
        ),
    }
    title, body = messages[application.status]
    notify(
        application.applicant,
        f"calls.{application.status}",
        title=title,
        body=body,
        url=application.get_absolute_url(),
    )


def decide(application, decision, *, actor, now=None):
    """Accept, reject or waitlist a submitted application once the call has closed."""
    now = now or timezone.now()
    status = DECISIONS.get(decision)
    if status is None:
        raise ValidationError(_("Unknown decision."), code="decision")
    with transaction.atomic():
        call = _locked(application.call)
        application = (
            Application.objects.select_for_update()
            .select_related("applicant")
            .get(pk=application.pk)
        )
        application.call = call
        if not call.is_closed(now):
            raise ValidationError(
                _("Decisions are taken once the call has closed (%(deadline)s).")
                % {"deadline": deadline_text(call)},
                code="still-open",
            )
        if application.status not in DECIDABLE_FROM[status]:
            raise ValidationError(
                _("This application cannot be changed now: it is “%(status)s”.")
                % {"status": application.get_status_display()},
                code="state",
            )
        if status == Status.ACCEPTED:
            accepted = call.applications.filter(status=Status.ACCEPTED).count()
            if call.places is not None and accepted >= call.places:
                raise ValidationError(
                    _(
                        "All %(places)d places of this call are taken: no more applications can "
                        "be accepted. Waitlist this one or raise the number of places."
                    )
                    % {"places": call.places},
                    code="no-place",
                )
            if call.type == Call.Type.EXPERTS:
                _make_expert(application, actor)
            elif call.type == Call.Type.PARTICIPANTS:
                _register_to_event(application, actor, now)
        application.status = status
        application.decided_at = now
        application.save(update_fields=["status", "decided_at", "updated"])
        log_action(f"calls.application.{decision}", actor=actor, target=application)
        _tell_decision(application)
    return application
