"""The write path of review: assign reviewers (by hand or in turn), conflicts of interest,
scores."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from atelier.accounts.models import RoleAssignment
from atelier.accounts.roles import Role
from atelier.core.audit import log_action
from atelier.notifications.services import notify

from ..models import Application, ConflictOfInterest, ReviewAssignment, Score
from .calls import _locked, _title


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


def reviewer_choices(call, applications):
    """For each application (by id), the reviewers a coordinator may still add by hand: eligible,
    not the applicant, not already on it, without a declared conflict with it.

    ``applications`` carry their applicant and their assignments (prefetched): two queries
    for the whole page, whatever its length.
    """
    reviewers = list(eligible_reviewers(call))
    conflicts = _conflicts_for(call)
    choices = {}
    for application in applications:
        on_it = {a.reviewer_id for a in application.assignments.all()}
        choices[application.pk] = [
            reviewer
            for reviewer in reviewers
            if reviewer.pk not in on_it
            and reviewer.pk != application.applicant_id
            and not _conflicted(conflicts, reviewer.pk, application)
        ]
    return choices


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


@dataclass
class AutoAssignment:
    """What automatic assignment did: the new assignments, and the applications left with
    fewer reviewers than asked (each with how many it has)."""

    wanted: int
    created: list = field(default_factory=list)
    short: list = field(default_factory=list)  # (application, reviewers it has)


def auto_assign(call, *, actor, per_application=None):
    """Give every submitted application N reviewers, the least loaded first.

    Deterministic: applications in order of id; among the reviewers who may take one (not
    the applicant, not already on it, no declared conflict), the one with the fewest
    assignments in this call goes first, ties broken by the smaller user id. Assignments
    with a declared conflict do not count towards N. Returns an ``AutoAssignment``: the new
    assignments and the applications that could not get N reviewers.
    """
    per_application = per_application or call.reviews_per_application
    result = AutoAssignment(wanted=per_application)
    created = result.created
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
            chosen = candidates[: max(per_application - counted, 0)]
            for reviewer in chosen:
                created.append(
                    ReviewAssignment.objects.create(application=application, reviewer=reviewer)
                )
                load[reviewer.pk] += 1
            if counted + len(chosen) < per_application:
                result.short.append((application, counted + len(chosen)))
        log_action(
            "calls.review.auto_assign",
            actor=actor,
            target=call,
            created=len(created),
            short=len(result.short),
        )
        per_reviewer = {}
        for assignment in created:
            per_reviewer.setdefault(assignment.reviewer_id, [assignment.reviewer, 0])[1] += 1
        for reviewer, count in per_reviewer.values():
            _tell_assigned(reviewer, call, count)
    return result


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
