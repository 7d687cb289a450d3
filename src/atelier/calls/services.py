"""The write path of calls: build, publish, apply, review, decide.

Every verb runs in one transaction and writes the audit log; whoever is concerned is told in
their own language (``notify``). Applying locks the call row, so the deadline is checked by
the server at the moment of writing: from ``closes_at`` on (to the second) nothing is saved.
Deciding locks the call too, so its places are never given twice.
"""

import uuid
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from atelier.accounts.models import RoleAssignment
from atelier.accounts.roles import Role
from atelier.core.audit import log_action
from atelier.core.languages import CONTENT_LANGUAGES
from atelier.core.storage import delete_after_commit, delete_on_rollback, private_storage
from atelier.core.uploads import check_file, of_families
from atelier.notifications.services import notify

from .models import (
    Application,
    ApplicationFile,
    Call,
    ConflictOfInterest,
    Question,
    ReviewAssignment,
    Score,
)

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


# Applying -----------------------------------------------------------------------------------


def _check_open(call, now):
    if call.status != Call.Status.PUBLISHED:
        raise ValidationError(_("This call is not open for applications."), code="not-published")
    if now < call.opens_at:
        raise ValidationError(
            _("This call opens on %(when)s.")
            % {
                "when": formats.date_format(
                    timezone.localtime(call.opens_at, call.zone), "DATETIME_FORMAT"
                )
                + f" ({call.time_zone})"
            },
            code="not-open",
        )
    if now >= call.closes_at:
        raise ValidationError(
            _("This call closed on %(when)s. Applications can no longer be changed or submitted.")
            % {"when": deadline_text(call)},
            code="closed",
        )


def _as_list(value):
    if value in (None, ""):
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if str(v).strip()]
    return [str(value)]


def _clean_answer(question, value):
    """The answer in its stored form, or raise a message for the person applying."""
    if question.kind in Question.TEXT_KINDS:
        text = str(value or "").strip()
        if len(text) > question.length_limit:
            raise ValidationError(
                _("Keep the answer under %(count)d characters (it has %(length)d).")
                % {"count": question.length_limit, "length": len(text)}
            )
        return text
    if question.kind == Kind.CHOICE:
        text = str(value or "").strip()
        if text and text not in question.choices:
            raise ValidationError(_("Choose one of the choices offered."))
        return text
    if question.kind == Kind.LINK:
        text = str(value or "").strip()
        if text:
            if "://" not in text:
                text = f"https://{text}"
            try:
                URLValidator(schemes=["http", "https"])(text)
            except ValidationError as error:
                raise ValidationError(_("Enter a web address (https://...).")) from error
            if len(text) > 500 or not urlsplit(text).netloc:
                raise ValidationError(_("Enter a web address (https://...)."))
        return text
    if question.kind == Kind.COUNTRY:
        text = str(value or "").strip().upper()
        if text and text not in dict(countries):
            raise ValidationError(_("Choose a country from the list."))
        return text
    values = list(dict.fromkeys(_as_list(value)))
    if question.kind == Kind.MULTIPLE_CHOICE:
        allowed = set(question.choices)
    elif question.kind == Kind.LANGUAGES:
        allowed = set(CONTENT_LANGUAGES)
    else:
        allowed = {key for key, _label in expertise_areas()}
    if any(v not in allowed for v in values):
        raise ValidationError(_("Choose among the options offered."))
    if question.max_choices and len(values) > question.max_choices:
        raise ValidationError(_("Choose at most %(count)d.") % {"count": question.max_choices})
    return values


# An answer's file is a document, text, a recording or a picture (not captions).
ANSWER_FILE_FAMILIES = of_families("document", "text", "audio", "video", "image")


def _check_uploads(questions, uploads):
    checked, errors = {}, {}
    for question in questions:
        upload = (uploads or {}).get(question.key)
        if question.kind != Kind.FILE or not upload:
            continue
        try:
            checked[question.key] = check_file(upload, accept=ANSWER_FILE_FAMILIES)
        except ValidationError as error:
            errors[question.key] = error.messages
    return checked, errors


def _clean_answers(call, answers, uploads, existing_files, complete):
    """Cleaned answers and checked uploads; all errors at once, keyed by question id."""
    questions = list(call.questions.all())
    answers = answers or {}
    cleaned, errors = {}, {}
    checked, upload_errors = _check_uploads(questions, uploads)
    for question in questions:
        key = question.key
        if question.kind == Kind.FILE:
            if key in upload_errors:
                errors[key] = upload_errors[key]
            elif (
                complete
                and question.required
                and key not in checked
                and (key not in existing_files)
            ):
                errors[key] = [gettext("Attach a file.")]
            continue
        try:
            value = _clean_answer(question, answers.get(key))
        except ValidationError as error:
            errors[key] = error.messages
            continue
        if value not in ("", []):
            cleaned[key] = value
        elif complete and question.required:
            errors[key] = [gettext("This question needs an answer.")]
    if errors:
        raise ValidationError(
            {f"question_{key}": messages for key, messages in errors.items()}, code="answers"
        )
    return cleaned, checked


def _store_files(application, checked):
    """Store checked uploads privately under generated names, replacing earlier ones."""
    storage = private_storage()
    replaced = []
    for key, upload in checked.items():
        old = list(application.files.filter(question_id=int(key)))
        name = storage.save(f"calls/{uuid.uuid4().hex}.{upload.file_type.extension}", upload.upload)
        delete_on_rollback(storage, [name])
        ApplicationFile.objects.create(
            application=application,
            question_id=int(key),
            name=name,
            display_name=upload.display_name[:200],
            content_type=upload.file_type.mime_type,
            size=upload.size,
            sha256=upload.sha256,
        )
        replaced.extend(each.name for each in old)
        for each in old:
            each.delete()
    delete_after_commit(storage, replaced)


def save_application(call, user, *, answers=None, uploads=None, submit=False, now=None):
    """Save the applicant's answers: a draft, a submission, or changes to a submission.

    Drafts may be incomplete; a submission (and a submitted application being edited) must
    answer every required question. Nothing is saved from the closing time on.
    """
    now = now or timezone.now()
    with transaction.atomic():
        call = _locked(call)
        _check_open(call, now)
        application = (
            Application.objects.select_for_update().filter(call=call, applicant=user).first()
        )
        if application is not None and application.status not in (Status.DRAFT, Status.SUBMITTED):
            raise ValidationError(
                _("This application is “%(status)s”: it can no longer be changed.")
                % {"status": application.get_status_display()},
                code="state",
            )
        existing_files = set()
        if application is not None:
            existing_files = {
                str(pk) for pk in application.files.values_list("question_id", flat=True)
            }
        complete = submit or (application is not None and application.status == Status.SUBMITTED)
        cleaned, checked = _clean_answers(call, answers, uploads, existing_files, complete)
        if application is None:
            try:
                with transaction.atomic():
                    application = Application.objects.create(call=call, applicant=user)
            except IntegrityError as error:
                raise ValidationError(
                    _("You have already applied to this call."), code="duplicate"
                ) from error
        _store_files(application, checked)
        application.answers = cleaned
        newly_submitted = submit and application.status == Status.DRAFT
        if newly_submitted:
            application.status = Status.SUBMITTED
            application.submitted_at = now
        application.save()
        log_action(
            "calls.application.submit" if newly_submitted else "calls.application.save",
            actor=user,
            target=application,
            status=application.status,
        )
        if newly_submitted:
            notify(
                user,
                "calls.submitted",
                title=lambda: (
                    gettext("Your application to “%(title)s” has been received")
                    % {"title": _title(call)}
                ),
                body=lambda: (
                    gettext(
                        "You can change it until the call closes on %(deadline)s. The "
                        "coordinators will tell you their decision."
                    )
                    % {"deadline": deadline_text(call)}
                ),
                url=application.get_absolute_url(),
            )
    return application


def withdraw_application(application, *, actor, now=None):
    """The applicant withdraws a draft or a submitted application not yet decided on."""
    now = now or timezone.now()
    with transaction.atomic():
        _locked(application.call)
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status not in (Status.DRAFT, Status.SUBMITTED):
            raise ValidationError(
                _("This application is “%(status)s”: it can no longer be withdrawn.")
                % {"status": application.get_status_display()},
                code="state",
            )
        application.status = Status.WITHDRAWN
        application.save(update_fields=["status", "updated"])
        log_action("calls.application.withdraw", actor=actor, target=application)
        call = application.call
        notify(
            application.applicant,
            "calls.withdrawn",
            title=lambda: (
                gettext("You have withdrawn your application to “%(title)s”")
                % {"title": _title(call)}
            ),
            url=call.get_absolute_url(),
        )
    return application


# Review -------------------------------------------------------------------------------------


def eligible_reviewers(call):
    """People holding the reviewer role platform-wide or in the call's programme."""
    from django.contrib.contenttypes.models import ContentType

    scope = Q(scope_type__isnull=True)
    if call.programme_id is not None:
        programme_type = ContentType.objects.get_for_model(call.programme)
        scope |= Q(scope_type=programme_type, scope_id=call.programme_id)
    user_ids = RoleAssignment.objects.filter(scope, role=Role.REVIEWER).values("user_id")
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk")


def _conflicts_for(call):
    """Declared conflicts that concern this call's applications, by reviewer id."""
    by_reviewer = {}
    conflicts = ConflictOfInterest.objects.filter(
        Q(application__isnull=True) | Q(application__call=call)
    )
    for conflict in conflicts:
        by_reviewer.setdefault(conflict.reviewer_id, []).append(conflict)
    return by_reviewer


def _conflicted(conflicts, reviewer_id, application):
    return any(c.covers(application) for c in conflicts.get(reviewer_id, ()))


def _check_assignable(application, reviewer, conflicts):
    if not application.is_submitted:
        raise ValidationError(_("Only submitted applications are reviewed."), code="not-submitted")
    if reviewer.pk == application.applicant_id:
        raise ValidationError(_("Nobody reviews their own application."), code="own")
    if not eligible_reviewers(application.call).filter(pk=reviewer.pk).exists():
        raise ValidationError(
            _("%(name)s is not a reviewer of this call's programme.")
            % {"name": reviewer.display_name_or_fallback},
            code="not-reviewer",
        )
    if _conflicted(conflicts, reviewer.pk, application):
        raise ValidationError(
            _("%(name)s has declared a conflict of interest with this application.")
            % {"name": reviewer.display_name_or_fallback},
            code="conflict",
        )


def _tell_assigned(reviewer, call, count):
    notify(
        reviewer,
        "calls.review_assigned",
        title=lambda: gettext("Applications to “%(title)s” to review") % {"title": _title(call)},
        body=lambda: (
            gettext("%(count)d application(s) are waiting for your scores.") % {"count": count}
        ),
        url=reverse("calls:reviews"),
    )


def assign_reviewer(application, reviewer, *, actor):
    with transaction.atomic():
        _locked(application.call)
        application = Application.objects.select_related("call", "applicant").get(pk=application.pk)
        _check_assignable(application, reviewer, _conflicts_for(application.call))
        assignment, created = ReviewAssignment.objects.get_or_create(
            application=application, reviewer=reviewer
        )
        if not created:
            raise ValidationError(
                _("%(name)s already reviews this application.")
                % {"name": reviewer.display_name_or_fallback},
                code="duplicate",
            )
        log_action("calls.review.assign", actor=actor, target=application, reviewer=reviewer.pk)
        _tell_assigned(reviewer, application.call, 1)
    return assignment


def unassign_reviewer(assignment, *, actor):
    with transaction.atomic():
        assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.submitted_at is not None:
            raise ValidationError(_("This review has been submitted: it stays."), code="submitted")
        log_action(
            "calls.review.unassign",
            actor=actor,
            target=assignment.application,
            reviewer=assignment.reviewer_id,
        )
        assignment.delete()


def auto_assign(call, *, actor, per_application=None):
    """Give every submitted application N reviewers, the least loaded first.

    Deterministic: applications in order of id; among the reviewers who may take one (not
    the applicant, not already on it, no declared conflict), the one with the fewest
    assignments in this call goes first, ties broken by the smaller user id. Assignments
    with a declared conflict do not count towards N. Returns the new assignments.
    """
    per_application = per_application or call.reviews_per_application
    created = []
    with transaction.atomic():
        call = _locked(call)
        reviewers = list(eligible_reviewers(call))
        conflicts = _conflicts_for(call)
        load = dict.fromkeys((r.pk for r in reviewers), 0)
        for reviewer_id, count in (
            ReviewAssignment.objects.filter(application__call=call, conflict_declared=False)
            .values_list("reviewer_id")
            .annotate(n=Count("pk"))
        ):
            if reviewer_id in load:
                load[reviewer_id] = count
        applications = (
            call.applications.filter(status__in=Application.SUBMITTED_STATUSES)
            .select_related("applicant")
            .prefetch_related("assignments")
            .order_by("pk")
        )
        for application in applications:
            on_it = {a.reviewer_id for a in application.assignments.all()}
            counted = sum(1 for a in application.assignments.all() if not a.conflict_declared)
            candidates = [
                r
                for r in reviewers
                if r.pk not in on_it
                and r.pk != application.applicant_id
                and not _conflicted(conflicts, r.pk, application)
            ]
            candidates.sort(key=lambda r: (load[r.pk], r.pk))
            for reviewer in candidates[: max(per_application - counted, 0)]:
                created.append(
                    ReviewAssignment.objects.create(application=application, reviewer=reviewer)
                )
                load[reviewer.pk] += 1
        log_action("calls.review.auto_assign", actor=actor, target=call, created=len(created))
        per_reviewer = {}
        for assignment in created:
            per_reviewer.setdefault(assignment.reviewer_id, [assignment.reviewer, 0])[1] += 1
        for reviewer, count in per_reviewer.values():
            _tell_assigned(reviewer, call, count)
    return created


def declare_conflict(assignment, *, reason, actor):
    """The reviewer says they cannot judge this application; it goes to someone else."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say briefly why (the coordinators read it).")}, code="reason"
        )
    with transaction.atomic():
        assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.submitted_at is not None:
            raise ValidationError(_("You have already submitted this review."), code="submitted")
        assignment.conflict_declared = True
        assignment.conflict_reason = reason[:2000]
        assignment.save(update_fields=["conflict_declared", "conflict_reason"])
        assignment.scores.all().delete()
        ConflictOfInterest.objects.create(
            reviewer=assignment.reviewer,
            application=assignment.application,
            reason=reason[:2000],
        )
        log_action("calls.review.conflict", actor=actor, target=assignment.application)
    return assignment


def declare_standing_conflict(reviewer, *, applicant=None, organisation="", reason=""):
    """A conflict with a person or an organisation, for every call."""
    organisation = (organisation or "").strip()[:200]
    if applicant is None and not organisation:
        raise ValidationError(_("Name a person or an organisation."), code="empty")
    with transaction.atomic():
        conflict = ConflictOfInterest.objects.create(
            reviewer=reviewer, applicant=applicant, organisation=organisation, reason=reason
        )
        log_action("calls.conflict.declare", actor=reviewer, target=conflict)
    return conflict


def withdraw_conflict(conflict, *, actor):
    with transaction.atomic():
        log_action("calls.conflict.withdraw", actor=actor, target=conflict)
        conflict.delete()


def score_application(assignment, scores, *, comment="", actor, submit=False, now=None):
    """Save a reviewer's scores: ``{criterion_id: (value, comment)}``; submit when complete."""
    now = now or timezone.now()
    with transaction.atomic():
        assignment = (
            ReviewAssignment.objects.select_for_update()
            .select_related("application__call")
            .get(pk=assignment.pk)
        )
        if assignment.conflict_declared:
            raise ValidationError(
                _("You declared a conflict of interest with this application."), code="conflict"
            )
        if assignment.submitted_at is not None:
            raise ValidationError(_("You have already submitted this review."), code="submitted")
        if not assignment.application.is_submitted:
            raise ValidationError(_("This application was withdrawn."), code="withdrawn")
        criteria = list(assignment.application.call.criteria.all())
        errors, values = {}, {}
        for criterion in criteria:
            value, text = (scores or {}).get(criterion.pk, (None, ""))
            if value in (None, ""):
                if submit:
                    errors[f"criterion_{criterion.pk}"] = gettext("Give a score.")
                continue
            try:
                value = int(value)
            except (TypeError, ValueError):
                errors[f"criterion_{criterion.pk}"] = gettext("A score is a whole number.")
                continue
            if not criterion.scale_min <= value <= criterion.scale_max:
                errors[f"criterion_{criterion.pk}"] = gettext("Score from %(min)d to %(max)d.") % {
                    "min": criterion.scale_min,
                    "max": criterion.scale_max,
                }
                continue
            values[criterion.pk] = (value, (text or "").strip()[:5000])
        if errors:
            raise ValidationError(errors, code="scores")
        for criterion in criteria:
            if criterion.pk in values:
                value, text = values[criterion.pk]
                Score.objects.update_or_create(
                    assignment=assignment,
                    criterion=criterion,
                    defaults={"value": value, "comment": text},
                )
            else:
                Score.objects.filter(assignment=assignment, criterion=criterion).delete()
        assignment.comment = (comment or "").strip()[:5000]
        if submit:
            assignment.submitted_at = now
        assignment.save(update_fields=["comment", "submitted_at"])
        log_action(
            "calls.review.submit" if submit else "calls.review.save",
            actor=actor,
            target=assignment.application,
        )
    return assignment


# Decisions ----------------------------------------------------------------------------------

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


# Personal data ------------------------------------------------------------------------------


def export_applications(user):
    """A person's applications and answers, for their data export (reviews are not theirs)."""
    return [
        {
            "call": application.call.title.text,
            "status": application.status,
            "answers": application.answers,
            "files": [f.display_name for f in application.files.all()],
            "submitted_at": application.submitted_at.isoformat()
            if application.submitted_at
            else None,
            "decided_at": application.decided_at.isoformat() if application.decided_at else None,
        }
        for application in Application.objects.filter(applicant=user)
        .select_related("call")
        .prefetch_related("files")
    ]


def erase_applications(user):
    """On erasure: answers and files go; the applications stay as anonymous counts."""
    storage = private_storage()
    files = ApplicationFile.objects.filter(application__applicant=user)
    delete_after_commit(storage, list(files.values_list("name", flat=True)))
    files.delete()
    Application.objects.filter(applicant=user).update(answers={})
    ReviewAssignment.objects.filter(reviewer=user).update(comment="", conflict_reason="")
    Score.objects.filter(assignment__reviewer=user).update(comment="")
    ConflictOfInterest.objects.filter(reviewer=user).delete()
