"""The write path of applying: save an application or a draft of it, withdraw it; a person's
applications in their personal data.

Applying locks the call row, so the deadline is checked by the server at the moment of writing:
from ``closes_at`` on (to the second) nothing is saved.
"""

import uuid
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from atelier.core.audit import log_action
from atelier.core.languages import CONTENT_LANGUAGES
from atelier.core.storage import delete_after_commit, delete_on_rollback, private_storage
from atelier.core.uploads import check_file, of_families
from atelier.notifications.services import notify

from ..models import (
    Application,
    ApplicationFile,
    Call,
    ConflictOfInterest,
    Question,
    ReviewAssignment,
    Score,
)
from .calls import Kind, Status, _locked, _title, deadline_text, expertise_areas


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
