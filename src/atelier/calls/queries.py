"""The read path of calls: open calls, one's applications and reviews, the ranking."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from atelier.accounts.rules import is_coordinator

from .models import Application, Call, Criterion, ReviewAssignment, Score

# A reviewer-to-reviewer range above this share of the scale is flagged (see ``ranking``).
SPREAD_THRESHOLD = 0.30


def open_calls(now=None, programme=None):
    """Published calls still taking applications (or about to), soonest deadline first;
    ``programme`` (a slug) keeps one programme's."""
    now = now or timezone.now()
    calls = Call.objects.filter(status=Call.Status.PUBLISHED, closes_at__gt=now)
    if programme:
        calls = calls.filter(programme__slug=programme)
    return calls.select_related("programme").order_by("closes_at", "pk")


def reviews_of(application):
    """Every review of an application with its scores: for the call's coordinators only."""
    return list(
        application.assignments.select_related("reviewer").prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("criterion"))
        )
    )


DECIDED = (Application.Status.ACCEPTED, Application.Status.REJECTED, Application.Status.WAITLISTED)


def shared_feedback(application):
    """What the applicant may read of the reviews: nothing before the decision; after it, the
    submitted reviews whose comments or scores the coordinators chose to share, unsigned."""
    if application.status not in DECIDED or application.decided_at is None:
        return []
    return list(
        application.assignments.filter(
            Q(comments_shared=True) | Q(scores_shared=True),
            submitted_at__isnull=False,
            conflict_declared=False,
        )
        .order_by("pk")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )


def call_detail():
    return Call.objects.select_related("programme", "event")


def calls_run_by(user):
    """Calls of the programmes ``user`` coordinates (all of them for platform coordinators)."""
    calls = Call.objects.select_related("programme").order_by("-created", "-pk")
    if not user.is_authenticated:
        return calls.none()
    if is_coordinator.test(user, None):
        return calls
    from django.contrib.contenttypes.models import ContentType

    from atelier.accounts.models import RoleAssignment
    from atelier.accounts.roles import Role
    from atelier.programmes.models import Programme

    programme_ids = RoleAssignment.objects.filter(
        user=user,
        role=Role.COORDINATOR,
        scope_type=ContentType.objects.get_for_model(Programme),
    ).values("scope_id")
    return calls.filter(programme_id__in=programme_ids)


def applied_in_programmes(user_id, programme_ids):
    """Whether the person submitted an application to a call of one of ``programme_ids``."""
    return Application.objects.filter(
        applicant_id=user_id,
        call__programme_id__in=programme_ids,
        status__in=Application.SUBMITTED_STATUSES,
    ).exists()


def application_of(user, call):
    if not user.is_authenticated:
        return None
    return Application.objects.filter(call=call, applicant=user).prefetch_related("files").first()


def applications_of(user):
    return (
        Application.objects.filter(applicant=user)
        .select_related("call", "call__programme")
        .order_by("-updated", "-pk")
    )


def visible_applications(user):
    """Applications ``user`` may open: their own, and submitted ones of calls they run or
    assigned to them. Anything else answers 404, so nobody learns it exists."""
    if not user.is_authenticated:
        return Application.objects.none()
    mine = Q(applicant=user)
    assigned = Q(assignments__reviewer=user, assignments__conflict_declared=False)
    run = Q(call__in=calls_run_by(user).values("pk"))
    submitted = Q(status__in=Application.SUBMITTED_STATUSES)
    return (
        Application.objects.filter(mine | (submitted & (assigned | run)))
        .distinct()
        .select_related("call", "call__programme", "applicant")
        .prefetch_related("files")
    )


def call_applications(call):
    """Submitted applications of a call, for its coordinators (drafts stay private)."""
    return (
        call.applications.filter(status__in=Application.SUBMITTED_STATUSES)
        .select_related("applicant")
        .annotate(
            review_count=Count(
                "assignments",
                filter=Q(assignments__submitted_at__isnull=False)
                & Q(assignments__conflict_declared=False),
            ),
            reviewer_count=Count("assignments", filter=Q(assignments__conflict_declared=False)),
        )
        .order_by("pk")
    )


def assignments_of(user):
    return (
        ReviewAssignment.objects.filter(reviewer=user)
        .select_related("application__call", "application__applicant")
        .order_by("submitted_at", "-pk")
    )


def assignment_for(user):
    """Assignments a reviewer may open: their own only."""
    if not user.is_authenticated:
        return ReviewAssignment.objects.none()
    return ReviewAssignment.objects.filter(reviewer=user).select_related(
        "application__call", "application__applicant"
    )


def conflicts_of(user):
    """A reviewer's declared conflicts (the last 200: people declare a handful)."""
    from .models import ConflictOfInterest

    return list(
        ConflictOfInterest.objects.filter(reviewer=user)
        .select_related("applicant", "application__call", "application__applicant")
        .order_by("-created", "-pk")[:200]
    )


def other_reviews(assignment):
    """The other reviewers' submitted reviews, once this one is submitted, if the call says so."""
    call = assignment.application.call
    if assignment.submitted_at is None or not call.reviewers_see_others_after_submitting:
        return []
    return list(
        ReviewAssignment.objects.filter(
            application=assignment.application,
            submitted_at__isnull=False,
            conflict_declared=False,
        )
        .exclude(pk=assignment.pk)
        .select_related("reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )


@dataclass
class RankedApplication:
    application: Application
    reviews: int
    score: float | None  # weighted mean, 0..1, or None without a submitted review
    criterion_means: dict = field(default_factory=dict)  # criterion id -> mean raw value
    spread: float = 0.0  # the widest range between reviewers, as a share of the scale
    wide_spread: bool = False

    @property
    def percent(self):
        return None if self.score is None else round(self.score * 100, 1)


def ranking(call):
    """Submitted applications ranked by the weighted mean of their submitted reviews.

    Each score is first normalised to its criterion's scale ((value − min) / (max − min)), so
    criteria on different scales weigh only by their weight. A review's total is the sum of
    weight × normalised score / 100; the application's score is the mean of its reviews'
    totals. The spread rule: when, on any criterion or on the total, the range between the
    highest and the lowest reviewer is more than 30 % of the scale, the application is
    flagged for discussion.
    """
    criteria = list(Criterion.objects.filter(call=call))
    by_id = {c.pk: c for c in criteria}
    submitted = ReviewAssignment.objects.filter(
        submitted_at__isnull=False, conflict_declared=False
    ).prefetch_related("scores")
    applications = call_applications(call).prefetch_related(
        Prefetch("assignments", queryset=submitted, to_attr="submitted_reviews")
    )
    rows = []
    for application in applications:
        totals, per_criterion = [], {}
        for review in application.submitted_reviews:
            total = 0.0
            for score in review.scores.all():
                criterion = by_id[score.criterion_id]
                share = criterion.normalise(score.value)
                total += criterion.weight * share / 100
                per_criterion.setdefault(criterion.pk, []).append((score.value, share))
            totals.append(total)
        row = RankedApplication(application=application, reviews=len(totals), score=None)
        if totals:
            row.score = sum(totals) / len(totals)
            ranges = [max(totals) - min(totals)]
            for criterion_id, values in per_criterion.items():
                row.criterion_means[criterion_id] = sum(v for v, _s in values) / len(values)
                shares = [s for _v, s in values]
                ranges.append(max(shares) - min(shares))
            row.spread = max(ranges)
            row.wide_spread = len(totals) > 1 and row.spread > SPREAD_THRESHOLD + 1e-9
        rows.append(row)
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), r.application.pk))
    return rows


def score_rows(call):
    """Every submitted score of the call, one row each, for the exports."""
    return (
        Score.objects.filter(
            assignment__application__call=call,
            assignment__submitted_at__isnull=False,
            assignment__conflict_declared=False,
        )
        .select_related("criterion", "assignment__reviewer", "assignment__application__applicant")
        .order_by("assignment__application_id", "assignment__reviewer_id", "criterion__position")
    )


def my_applications_summary(user, limit=5):
    applications = list(applications_of(user)[: limit + 1])
    return {"applications": applications[:limit], "more": len(applications) > limit}
