"""The write path of calls: build a call (its form and its criteria), publish it.

The helpers the other modules share (the locked call, its title, its deadline) live here too.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from atelier.core.audit import log_action

from ..models import Application, Call, Question, Score

Status = Application.Status
Kind = Question.Kind


# Helpers ------------------------------------------------------------------------------------


def _title(call):
    # Called with the recipient's language active (``notify``), so a translated title shows.
    return call.title.for_reader().text


def deadline_text(call):
    """The closing time in the call's zone, formatted in the active language."""
    local = timezone.localtime(call.closes_at, call.zone)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({call.time_zone})"


def _locked(call):
    return Call.objects.select_for_update().get(pk=call.pk)


def expertise_areas():
    """The expert pool's taxonomy of areas as (slug, label) pairs."""
    from atelier.experts import queries as expert_queries

    return expert_queries.expertise_areas()


def _unique_slug(call):
    base = slugify(call.title.text)[:70] or "call"
    slug = f"{base}-{call.closes_at:%Y}" if call.closes_at else base
    candidate, n = slug, 2
    while Call.objects.filter(slug=candidate).exclude(pk=call.pk).exists():
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


# Building a call ----------------------------------------------------------------------------


def _check_times(call):
    if call.opens_at and call.closes_at and call.closes_at <= call.opens_at:
        raise ValidationError({"closes_at": _("The call must close after it opens.")}, code="times")


def create_call(call, *, actor):
    """Save a new call, always as a draft: it is published once its form is ready."""
    _check_times(call)
    with transaction.atomic():
        call.status = Call.Status.DRAFT
        call.created_by = actor
        call.slug = _unique_slug(call)
        call.save()
        log_action("calls.call.create", actor=actor, target=call)
    return call


def update_call(call, *, actor):
    _check_times(call)
    with transaction.atomic():
        if call.status == Call.Status.PUBLISHED:
            _check_publishable(call)
        call.save()
        log_action("calls.call.update", actor=actor, target=call)
    return call


def _check_publishable(call):
    errors = []
    if call.closes_at <= call.opens_at:
        errors.append(_("The call must close after it opens."))
    criteria = list(call.criteria.all())
    total = sum(criterion.weight for criterion in criteria)
    if not criteria:
        errors.append(_("Add at least one review criterion."))
    elif total != 100:
        errors.append(
            _("The weights of the criteria add up to %(total)d %%; they must add up to 100 %%.")
            % {"total": total}
        )
    if call.type == Call.Type.PARTICIPANTS and call.event_id is None:
        errors.append(_("A call for event participants names the event."))
    if not call.questions.exists():
        errors.append(_("Add at least one question to the application form."))
    if errors:
        raise ValidationError(errors, code="not-publishable")


def publish_call(call, *, actor):
    with transaction.atomic():
        call = _locked(call)
        _check_publishable(call)
        call.status = Call.Status.PUBLISHED
        call.save(update_fields=["status", "updated"])
        log_action("calls.call.publish", actor=actor, target=call)
    return call


def unpublish_call(call, *, actor):
    with transaction.atomic():
        call = _locked(call)
        if call.applications.exists():
            raise ValidationError(
                _("People have applied to this call: it stays published."), code="has-applications"
            )
        call.status = Call.Status.DRAFT
        call.save(update_fields=["status", "updated"])
        log_action("calls.call.unpublish", actor=actor, target=call)
    return call


def _check_question(question):
    if question.kind in Question.CHOICE_KINDS:
        choices = [str(c).strip() for c in question.choices or [] if str(c).strip()]
        if len(choices) < 2:
            raise ValidationError(
                {"choices": _("Give at least two choices, one a line.")}, code="choices"
            )
        if len(set(choices)) != len(choices):
            raise ValidationError({"choices": _("Each choice must differ.")}, code="choices")
        question.choices = choices
    else:
        question.choices = []


def add_question(question, *, actor):
    _check_question(question)
    with transaction.atomic():
        last = question.call.questions.aggregate(last=Max("position"))["last"]
        question.position = 0 if last is None else last + 1
        question.save()
        log_action("calls.question.add", actor=actor, target=question.call, question=question.pk)
    return question


def update_question(question, *, actor):
    _check_question(question)
    with transaction.atomic():
        before = Question.objects.select_for_update().get(pk=question.pk)
        submitted = question.call.applications.exclude(status=Status.DRAFT).exists()
        if submitted and before.kind != question.kind:
            raise ValidationError(
                {"kind": _("Applications have been submitted: the kind of answer stays.")},
                code="in-use",
            )
        question.save()
        log_action("calls.question.update", actor=actor, target=question.call, question=question.pk)
    return question


def remove_question(question, *, actor):
    with transaction.atomic():
        call = _locked(question.call)
        if call.applications.exclude(status=Status.DRAFT).exists():
            raise ValidationError(
                _("Applications have been submitted: their questions stay."), code="in-use"
            )
        log_action("calls.question.remove", actor=actor, target=call, question=question.pk)
        question.delete()


def move_question(question, direction, *, actor):
    """Swap the question with its neighbour above (``up``) or below (``down``)."""
    with transaction.atomic():
        _locked(question.call)
        questions = list(question.call.questions.order_by("position", "pk"))
        index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(questions):
            return question
        questions[index], questions[other] = questions[other], questions[index]
        for position, each in enumerate(questions):
            if each.position != position:
                each.position = position
                each.save(update_fields=["position"])
        log_action(
            "calls.question.move",
            actor=actor,
            target=question.call,
            question=question.pk,
            direction=direction,
        )
    return question


def _check_criterion(criterion):
    if criterion.scale_max <= criterion.scale_min:
        raise ValidationError(
            {"scale_max": _("The highest score must be above the lowest.")}, code="scale"
        )
    if not 1 <= (criterion.weight or 0) <= 100:
        raise ValidationError({"weight": _("A weight is between 1 and 100 %.")}, code="weight")


def _check_no_scores(call):
    if Score.objects.filter(criterion__call=call).exists():
        raise ValidationError(
            _("Reviewers have scored on these criteria: they can no longer change."),
            code="scored",
        )


def add_criterion(criterion, *, actor):
    _check_criterion(criterion)
    with transaction.atomic():
        _check_no_scores(criterion.call)
        last = criterion.call.criteria.aggregate(last=Max("position"))["last"]
        criterion.position = 0 if last is None else last + 1
        criterion.save()
        log_action(
            "calls.criterion.add", actor=actor, target=criterion.call, criterion=criterion.pk
        )
    return criterion


def update_criterion(criterion, *, actor):
    _check_criterion(criterion)
    with transaction.atomic():
        _check_no_scores(criterion.call)
        criterion.save()
        if criterion.call.status == Call.Status.PUBLISHED:
            _check_publishable(criterion.call)
        log_action(
            "calls.criterion.update", actor=actor, target=criterion.call, criterion=criterion.pk
        )
    return criterion


def remove_criterion(criterion, *, actor):
    with transaction.atomic():
        _check_no_scores(criterion.call)
        if criterion.call.status == Call.Status.PUBLISHED:
            raise ValidationError(
                _("The call is published: change the weights instead of removing a criterion."),
                code="published",
            )
        log_action(
            "calls.criterion.remove", actor=actor, target=criterion.call, criterion=criterion.pk
        )
        criterion.delete()
