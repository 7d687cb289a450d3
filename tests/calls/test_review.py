"""Review: assignment by hand and automatically, scoring, visibility, ranking, exports."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from atelier.accounts.services import assign_role
from atelier.calls import queries, services
from atelier.calls.models import ReviewAssignment
from tests.factories import UserFactory
from tests.queries import assert_same_queries

from .factories import ApplicationFactory, AssignmentFactory


def _reviewers(programme, n):
    people = []
    for i in range(n):
        person = UserFactory(email=f"reviewer{i}@example.org", display_name=f"Reviewer {i}")
        assign_role(person, "reviewer", scope=programme)
        people.append(person)
    return people


def _applications(call, n, first=0):
    return [
        ApplicationFactory(
            call=call,
            applicant=UserFactory(email=f"applicant{i}@example.org", display_name=f"Applicant {i}"),
        )
        for i in range(first, first + n)
    ]


def _load(call):
    counts = {}
    for assignment in ReviewAssignment.objects.filter(application__call=call):
        counts[assignment.reviewer_id] = counts.get(assignment.reviewer_id, 0) + 1
    return counts


def test_auto_assignment_balances_the_load(call, programme, pia):
    reviewers = _reviewers(programme, 3)
    applications = _applications(call, 6)
    result = services.auto_assign(call, actor=pia, per_application=2)
    assert len(result.created) == 12
    assert result.short == []
    assert _load(call) == {r.pk: 4 for r in reviewers}
    for application in applications:
        assert application.assignments.count() == 2


def test_auto_assignment_is_deterministic(call, programme, pia):
    reviewers = _reviewers(programme, 3)
    applications = _applications(call, 3)
    services.auto_assign(call, actor=pia, per_application=1)
    assigned = [a.assignments.get().reviewer_id for a in applications]
    assert assigned == [reviewers[0].pk, reviewers[1].pk, reviewers[2].pk]


def test_auto_assignment_skips_conflicts_and_the_applicant(call, programme, pia):
    first, second, third = _reviewers(programme, 3)
    own = ApplicationFactory(call=call, applicant=first)
    declared = ApplicationFactory(call=call, applicant=UserFactory(organisation="Hub Ltd"))
    services.declare_standing_conflict(second, organisation="hub ltd", reason="My employer")
    services.auto_assign(call, actor=pia, per_application=2)
    assert set(own.assignments.values_list("reviewer_id", flat=True)) == {second.pk, third.pk}
    assert set(declared.assignments.values_list("reviewer_id", flat=True)) == {first.pk, third.pk}


def test_auto_assignment_tops_up_after_a_declared_conflict(call, programme, pia):
    first, second = _reviewers(programme, 2)
    (application,) = _applications(call, 1)
    services.auto_assign(call, actor=pia, per_application=1)
    assignment = application.assignments.get()
    services.declare_conflict(assignment, reason="A former colleague", actor=assignment.reviewer)
    services.auto_assign(call, actor=pia, per_application=1)
    counted = application.assignments.filter(conflict_declared=False)
    assert counted.count() == 1
    assert counted.get().reviewer != assignment.reviewer


def test_drafts_and_withdrawn_applications_get_no_reviewers(call, programme, pia):
    _reviewers(programme, 2)
    ApplicationFactory(call=call, status="draft", submitted_at=None)
    ApplicationFactory(call=call, status="withdrawn")
    result = services.auto_assign(call, actor=pia)
    assert (result.created, result.short) == ([], [])


def test_reviewers_of_other_programmes_are_not_used(call, other_programme, pia, rey):
    outsider = UserFactory(email="out@example.org")
    assign_role(outsider, "reviewer", scope=other_programme)
    (application,) = _applications(call, 1)
    services.auto_assign(call, actor=pia, per_application=2)
    # Rey reviews platform-wide; the other programme's reviewer does not count here.
    assert list(application.assignments.values_list("reviewer_id", flat=True)) == [rey.pk]
    with pytest.raises(ValidationError):
        services.assign_reviewer(application, outsider, actor=pia)


def test_hand_assignment_refuses_the_applicant_and_conflicts(call, pia, ria):
    own = ApplicationFactory(call=call, applicant=ria)
    with pytest.raises(ValidationError):
        services.assign_reviewer(own, ria, actor=pia)
    other = ApplicationFactory(call=call, applicant=UserFactory())
    services.declare_standing_conflict(ria, applicant=other.applicant)
    with pytest.raises(ValidationError):
        services.assign_reviewer(other, ria, actor=pia)


def test_hand_assignment_through_the_page(client, call, pia, ria, mailoutbox):
    application = ApplicationFactory(call=call, applicant=UserFactory())
    client.force_login(pia)
    client.post(
        reverse("calls:reviewers", args=[call.slug]),
        {"action": "assign", "application": application.pk, "reviewer": ria.pk},
    )
    assert application.assignments.get().reviewer == ria
    assert mailoutbox[-1].to == [ria.email]


# Scoring ------------------------------------------------------------------------------------


def _criteria(call):
    return list(call.criteria.all())


def test_scores_stay_within_the_scale(call, ria):
    relevance, experience = _criteria(call)
    assignment = AssignmentFactory(
        application__call=call, application__applicant=UserFactory(), reviewer=ria
    )
    with pytest.raises(ValidationError) as caught:
        services.score_application(
            assignment, {relevance.pk: (11, ""), experience.pk: (0, "")}, actor=ria
        )
    assert set(caught.value.error_dict) == {
        f"criterion_{relevance.pk}",
        f"criterion_{experience.pk}",
    }
    assert not assignment.scores.exists()


def test_submitting_needs_every_criterion(call, ria):
    relevance, _experience = _criteria(call)
    assignment = AssignmentFactory(
        application__call=call, application__applicant=UserFactory(), reviewer=ria
    )
    services.score_application(assignment, {relevance.pk: (7, "good")}, actor=ria)
    with pytest.raises(ValidationError):
        services.score_application(assignment, {relevance.pk: (7, "good")}, actor=ria, submit=True)
    assignment.refresh_from_db()
    assert assignment.submitted_at is None
    assert assignment.scores.get().value == 7


def test_a_submitted_review_is_final(call, ria):
    relevance, experience = _criteria(call)
    assignment = AssignmentFactory(
        application__call=call, application__applicant=UserFactory(), reviewer=ria
    )
    scores = {relevance.pk: (7, ""), experience.pk: (3, "")}
    services.score_application(assignment, scores, actor=ria, submit=True)
    with pytest.raises(ValidationError):
        services.score_application(assignment, scores, actor=ria)


def test_a_reviewer_sees_only_their_assignments(client, call, ria, rey):
    mine = AssignmentFactory(
        application__call=call, application__applicant=UserFactory(), reviewer=ria
    )
    theirs = AssignmentFactory(
        application__call=call, application__applicant=UserFactory(), reviewer=rey
    )
    client.force_login(ria)
    assert client.get(reverse("calls:review", args=[mine.pk])).status_code == 200
    assert client.get(reverse("calls:review", args=[theirs.pk])).status_code == 404
    assert client.get(theirs.application.get_absolute_url()).status_code == 404
    assert client.get(mine.application.get_absolute_url()).status_code == 200
    response = client.get(reverse("calls:reviews"))
    assert list(response.context["assignments"]) == [mine]


def test_review_pages_refuse_visitors_and_other_members(client, call, ria, alice, pia):
    mine = AssignmentFactory(
        application__call=call, application__applicant=UserFactory(), reviewer=ria
    )
    url = reverse("calls:review", args=[mine.pk])
    assert client.get(url).status_code == 302
    for person in (alice, pia):
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_scoring_through_the_page(client, call, ria):
    relevance, experience = _criteria(call)
    assignment = AssignmentFactory(
        application__call=call, application__applicant=UserFactory(), reviewer=ria
    )
    client.force_login(ria)
    url = reverse("calls:review", args=[assignment.pk])
    response = client.post(
        url,
        {
            f"criterion_{relevance.pk}": "8",
            f"comment_{relevance.pk}": "Clear plan",
            f"criterion_{experience.pk}": "4",
            "comment": "Strong",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    assert {s.criterion_id: s.value for s in assignment.scores.all()} == {
        relevance.pk: 8,
        experience.pk: 4,
    }


def _two_reviews(call, first, second, values=((8, 4), (6, 2))):
    relevance, experience = _criteria(call)
    application = ApplicationFactory(
        call=call, applicant=UserFactory(email="applicant@example.org")
    )
    assignments = []
    for reviewer, (r, e) in zip((first, second), values, strict=True):
        assignment = AssignmentFactory(application=application, reviewer=reviewer)
        services.score_application(
            assignment,
            {relevance.pk: (r, f"comment by {reviewer.display_name}"), experience.pk: (e, "")},
            actor=reviewer,
            submit=True,
        )
        assignments.append(assignment)
    return application, assignments


def test_others_scores_are_hidden_before_submitting(call, ria, rey):
    call.reviewers_see_others_after_submitting = True
    call.save()
    relevance, _e = _criteria(call)
    application = ApplicationFactory(call=call, applicant=UserFactory())
    done = AssignmentFactory(application=application, reviewer=rey)
    services.score_application(
        done,
        {c.pk: (3, "") for c in []} or {relevance.pk: (5, ""), _e.pk: (3, "")},
        actor=rey,
        submit=True,
    )
    pending = AssignmentFactory(application=application, reviewer=ria)
    assert queries.other_reviews(pending) == []
    services.score_application(
        pending, {relevance.pk: (9, ""), _e.pk: (5, "")}, actor=ria, submit=True
    )
    pending.refresh_from_db()
    assert [o.pk for o in queries.other_reviews(pending)] == [done.pk]


def test_others_scores_stay_hidden_when_the_call_says_so(client, call, ria, rey):
    call.reviewers_see_others_after_submitting = False
    call.save()
    _application, (first, _second) = _two_reviews(call, ria, rey)
    first.refresh_from_db()
    assert queries.other_reviews(first) == []
    client.force_login(ria)
    assert (
        "comment by Rey Reviewer"
        not in client.get(reverse("calls:review", args=[first.pk])).content.decode()
    )


def test_others_scores_show_on_the_page_after_submitting_when_allowed(client, call, ria, rey):
    call.reviewers_see_others_after_submitting = True
    call.save()
    _application, (first, _second) = _two_reviews(call, ria, rey)
    client.force_login(ria)
    assert (
        "comment by Rey Reviewer"
        in client.get(reverse("calls:review", args=[first.pk])).content.decode()
    )


def test_applicants_never_see_reviews(client, call, ria, rey):
    call.reviewers_see_others_after_submitting = True
    call.save()
    application, _ = _two_reviews(call, ria, rey)
    client.force_login(application.applicant)
    html = client.get(application.get_absolute_url()).content.decode()
    assert "comment by" not in html
    assert "Rey Reviewer" not in html and "Ria Reviewer" not in html


# Ranking and exports ------------------------------------------------------------------------


def test_the_ranking_uses_the_weighted_mean_of_normalised_scores(call, ria, rey):
    # Relevance 0–10 weighs 60 %, experience 1–5 weighs 40 %.
    # Ria: 8/10 → 0.8, 4 on 1–5 → 0.75: 0.6·0.8 + 0.4·0.75 = 0.78
    # Rey: 6/10 → 0.6, 2 on 1–5 → 0.25: 0.6·0.6 + 0.4·0.25 = 0.46; mean 0.62
    application, _ = _two_reviews(call, ria, rey)
    (row,) = queries.ranking(call)
    assert row.application == application
    assert row.reviews == 2
    assert row.score == pytest.approx(0.62)
    assert row.percent == 62.0
    assert row.criterion_means == {
        c.pk: m for c, m in zip(_criteria(call), (7.0, 3.0), strict=True)
    }
    # Experience differs by 0.5 of its scale: more than 30 %.
    assert row.wide_spread


def test_close_scores_are_not_flagged(call, ria, rey):
    _two_reviews(call, ria, rey, values=((8, 4), (7, 4)))
    (row,) = queries.ranking(call)
    assert not row.wide_spread
    assert row.spread == pytest.approx(0.1)


def test_the_ranking_orders_by_score(call, ria, rey):
    relevance, experience = _criteria(call)
    low = ApplicationFactory(call=call, applicant=UserFactory())
    high = ApplicationFactory(call=call, applicant=UserFactory())
    unreviewed = ApplicationFactory(call=call, applicant=UserFactory())
    for application, value in ((low, 2), (high, 9)):
        assignment = AssignmentFactory(application=application, reviewer=ria)
        services.score_application(
            assignment, {relevance.pk: (value, ""), experience.pk: (3, "")}, actor=ria, submit=True
        )
    assert [r.application for r in queries.ranking(call)] == [high, low, unreviewed]


def test_unsubmitted_and_conflicted_reviews_do_not_count(call, ria, rey):
    relevance, experience = _criteria(call)
    application = ApplicationFactory(call=call, applicant=UserFactory())
    draft = AssignmentFactory(application=application, reviewer=ria)
    services.score_application(draft, {relevance.pk: (1, "")}, actor=ria)
    conflicted = AssignmentFactory(application=application, reviewer=rey)
    services.declare_conflict(conflicted, reason="Friend", actor=rey)
    (row,) = queries.ranking(call)
    assert row.reviews == 0 and row.score is None


def test_scores_export_as_csv(client, call, pia, ria, rey):
    _two_reviews(call, ria, rey)
    client.force_login(pia)
    response = client.get(reverse("calls:export", args=[call.slug, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Application", "Applicant", "Reviewer", "Criterion"]
    assert len(rows) == 5
    assert {(r[2], r[3], r[7]) for r in rows[1:]} == {
        ("Ria Reviewer", "Relevance", "8"),
        ("Ria Reviewer", "Experience", "4"),
        ("Rey Reviewer", "Relevance", "6"),
        ("Rey Reviewer", "Experience", "2"),
    }


def test_scores_export_as_xlsx(client, call, pia, ria, rey):
    from openpyxl import load_workbook

    _two_reviews(call, ria, rey)
    client.force_login(pia)
    response = client.get(reverse("calls:export", args=[call.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][7] == "Score"
    assert sorted(r[7] for r in rows[1:]) == [2, 4, 6, 8]


def test_a_formula_in_a_comment_is_not_run(call, pia, ria):
    from atelier.calls.services.exports import export_csv

    relevance, experience = _criteria(call)
    assignment = AssignmentFactory(
        application__call=call, application__applicant=UserFactory(), reviewer=ria
    )
    services.score_application(
        assignment,
        {relevance.pk: (5, "=HYPERLINK(1)"), experience.pk: (3, "")},
        actor=ria,
        submit=True,
    )
    assert "'=HYPERLINK(1)" in export_csv(call)


def test_the_ranking_page_flags_a_wide_spread(client, call, pia, ria, rey):
    _two_reviews(call, ria, rey)
    client.force_login(pia)
    html = client.get(reverse("calls:ranking", args=[call.slug])).content.decode()
    assert "Wide spread" in html
    assert "62.0 %" in html


def _assigned(call, ria, n, first):
    for application in _applications(call, n, first):
        AssignmentFactory(application=application, reviewer=ria)


def test_the_applications_page_query_count(client, call, pia, ria):
    _assigned(call, ria, 1, 0)
    client.force_login(pia)
    one, several = assert_same_queries(
        lambda: client.get(reverse("calls:applications", args=[call.slug])),
        lambda: _assigned(call, ria, 3, 1),
    )
    assert len(several.context["applications"]) == 4


def test_the_reviewers_page_query_count(client, call, pia, ria):
    _assigned(call, ria, 1, 0)
    client.force_login(pia)
    one, several = assert_same_queries(
        lambda: client.get(reverse("calls:reviewers", args=[call.slug])),
        lambda: _assigned(call, ria, 3, 1),
    )
    assert len(several.context["applications"]) == 4


def test_the_ranking_page_query_count(client, call, pia, ria):
    relevance, experience = _criteria(call)

    def add_scored(n, first):
        for application in _applications(call, n, first):
            assignment = AssignmentFactory(application=application, reviewer=ria)
            services.score_application(
                assignment, {relevance.pk: (5, ""), experience.pk: (3, "")}, actor=ria, submit=True
            )

    add_scored(1, 0)
    client.force_login(pia)
    one, several = assert_same_queries(
        lambda: client.get(reverse("calls:ranking", args=[call.slug])), lambda: add_scored(3, 1)
    )
    assert len(several.context["rows"]) == 4


def test_my_reviews_query_count(client, call, ria):
    _assigned(call, ria, 1, 0)
    client.force_login(ria)
    one, several = assert_same_queries(
        lambda: client.get(reverse("calls:reviews")), lambda: _assigned(call, ria, 3, 1)
    )
    assert len(several.context["assignments"]) == 4


def test_reviews_wait_for_a_submitted_application(call, ria):
    relevance, experience = _criteria(call)
    assignment = AssignmentFactory(
        application__call=call, application__applicant=UserFactory(), reviewer=ria
    )
    assignment.application.status = "withdrawn"
    assignment.application.save()
    with pytest.raises(ValidationError):
        services.score_application(
            assignment, {relevance.pk: (5, ""), experience.pk: (3, "")}, actor=ria, submit=True
        )
    assert timezone.now()


def test_coordinators_read_the_reviews_on_the_application_page(client, call, pia, ria, rey):
    application, _ = _two_reviews(call, ria, rey)
    client.force_login(pia)
    html = client.get(application.get_absolute_url()).content.decode()
    assert "comment by Ria Reviewer" in html and "comment by Rey Reviewer" in html


def test_an_assigned_reviewer_does_not_read_the_others_on_the_application_page(
    client, call, ria, rey
):
    application, _ = _two_reviews(call, ria, rey)
    client.force_login(ria)
    assert (
        "comment by Rey Reviewer" not in client.get(application.get_absolute_url()).content.decode()
    )
