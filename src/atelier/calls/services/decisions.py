"""The write path of decisions: accept, reject or waitlist an application; what the applicant
is told of it (the call's own texts, or the default ones) and which reviews they see after.

Deciding locks the call, so its places are never given twice; an accepted expert joins the
pool, an accepted participant gets a seat at the call's event.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from atelier.core.audit import log_action
from atelier.core.multilingual import HUMAN, MultilingualText
from atelier.notifications.services import notify

from ..models import Application, Call, ReviewAssignment
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


# The texts an applicant is told when the call has none of its own, by the field holding the
# call's own text.
DEFAULT_MESSAGES = {
    "accepted_message": _("Congratulations! The coordinators will be in touch."),
    "rejected_message": _("Thank you for applying. We hope to see you in another call."),
    "waitlisted_message": _("If a place frees up, you will be told."),
}
MESSAGE_FIELDS = {
    Status.ACCEPTED: "accepted_message",
    Status.REJECTED: "rejected_message",
    Status.WAITLISTED: "waitlisted_message",
}
MAX_MESSAGE_LENGTH = 5000
DECIDED_STATUSES = (Status.ACCEPTED, Status.REJECTED, Status.WAITLISTED)


def decision_message(call, field):
    """The text told to an applicant, in the active language: the call's own text in that
    language if it has one, else its text as written, else the default text."""
    text = MultilingualText.from_json(getattr(call, field)).for_reader().text.strip()
    return text or str(DEFAULT_MESSAGES[field])


def _tell_decision(application):
    call = application.call
    titles = {
        Status.ACCEPTED: lambda: (
            gettext("Your application to “%(title)s” has been accepted") % {"title": _title(call)}
        ),
        Status.REJECTED: lambda: (
            gettext("Your application to “%(title)s” was not selected") % {"title": _title(call)}
        ),
        Status.WAITLISTED: lambda: (
            gettext("Your application to “%(title)s” is on the waitlist") % {"title": _title(call)}
        ),
    }
    field = MESSAGE_FIELDS[application.status]
    notify(
        application.applicant,
        f"calls.{application.status}",
        title=titles[application.status],
        body=lambda: decision_message(call, field),
        url=application.get_absolute_url(),
    )


def _with_text(current, language, text):
    """``current`` with its text in ``language`` replaced (removed when empty): the original
    when it is in that language or there is none yet, else a translation."""
    current = MultilingualText.from_json(current)
    translations = dict(current.translations)
    if not current.text and not translations:
        return MultilingualText(text, language if text else "")
    if language == current.language:
        return MultilingualText(text, current.language, translations)
    if text:
        translations[language] = {"text": text, "by": HUMAN}
    else:
        translations.pop(language, None)
    return MultilingualText(current.text, current.language, translations)


def set_decision_messages(call, language, texts, *, actor):
    """Write the call's decision texts in ``language``: ``texts`` maps a field of
    ``MESSAGE_FIELDS`` to its text; an empty text leaves the default text in that language."""
    errors = {}
    cleaned = {}
    for field, text in texts.items():
        if field not in DEFAULT_MESSAGES:
            raise ValueError(f"Unknown decision message: {field}")
        text = (text or "").strip()
        if len(text) > MAX_MESSAGE_LENGTH:
            errors[field] = _("Keep the text under %(count)d characters.") % {
                "count": MAX_MESSAGE_LENGTH
            }
        cleaned[field] = text
    if errors:
        raise ValidationError(errors, code="too-long")
    with transaction.atomic():
        call = _locked(call)
        for field, text in cleaned.items():
            setattr(call, field, _with_text(getattr(call, field), language, text))
        call.save(update_fields=[*cleaned, "updated"])
        log_action("calls.call.messages", actor=actor, target=call, language=language)
    return call


def share_feedback(application, shared, *, actor):
    """Choose what the applicant sees of each review once the application is decided:
    ``shared`` maps a review's id to (comments shared, scores shared). Reviews left out are
    shared no more. Only submitted reviews without a conflict can be shared."""
    with transaction.atomic():
        reviews = list(ReviewAssignment.objects.select_for_update().filter(application=application))
        by_id = {review.pk: review for review in reviews}
        unknown = [pk for pk in shared if pk not in by_id]
        if unknown:
            raise ValidationError(_("That review is not one of this application's."), code="review")
        for review in reviews:
            comments, scores = shared.get(review.pk, (False, False))
            if (comments or scores) and (review.submitted_at is None or review.conflict_declared):
                raise ValidationError(
                    _("Only submitted reviews can be shared with the applicant."),
                    code="not-submitted",
                )
            if (review.comments_shared, review.scores_shared) != (bool(comments), bool(scores)):
                review.comments_shared, review.scores_shared = bool(comments), bool(scores)
                review.save(update_fields=["comments_shared", "scores_shared"])
        log_action(
            "calls.application.share_feedback",
            actor=actor,
            target=application,
            shared=sorted(pk for pk, (c, s) in shared.items() if c or s),
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
