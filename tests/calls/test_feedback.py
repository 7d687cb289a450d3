"""Feedback to applicants: the coordinator chooses which reviews' comments (and scores) are
shared; the applicant reads them only once the application is decided, unsigned. The public
call page shows the criteria and their weights."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from atelier.calls import services
from atelier.calls.models import ReviewAssignment

from .factories import ApplicationFactory, AssignmentFactory


def _reviewed(call, alice, ria):
    relevance, experience = call.criteria.order_by("position")
    application = ApplicationFactory(call=call, applicant=alice)
    assignment = AssignmentFactory(application=application, reviewer=ria)
    services.score_application(
        assignment,
        {relevance.pk: (8, "Clearly fits the call."), experience.pk: (2, "Little shown.")},
        comment="Promising; show more of your past work.",
        actor=ria,
        submit=True,
    )
    return application, assignment


def _decide(call, application, pia, decision="reject"):
    call.opens_at = timezone.now() - timedelta(days=10)
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.save()
    services.decide(application, decision, actor=pia)


def test_the_public_call_page_shows_the_criteria_and_their_weights(client, call):
    html = client.get(call.get_absolute_url()).content.decode()
    assert "How applications are judged" in html
    assert '<td lang="en">Relevance</td><td>60 %</td>' in html
    assert '<td lang="en">Experience</td><td>40 %</td>' in html


def test_the_applicant_reads_the_shared_comments_only_after_the_decision(
    client, call, pia, alice, ria
):
    application, assignment = _reviewed(call, alice, ria)
    client.force_login(pia)
    url = reverse("calls:feedback", args=[application.pk])
    response = client.post(url, {f"comments_{assignment.pk}": "on"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.comments_shared, assignment.scores_shared) == (True, False)

    client.force_login(alice)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Promising; show more of your past work." not in page
    assert "Feedback from the review" not in page

    _decide(call, application, pia)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Feedback from the review" in page
    assert "Promising; show more of your past work." in page
    assert "Clearly fits the call." in page
    assert "(0–10)" not in page  # scores are not shared
    assert "Ria Reviewer" not in page


def test_shared_scores_show_with_their_scale(client, call, pia, alice, ria):
    application, assignment = _reviewed(call, alice, ria)
    services.share_feedback(application, {assignment.pk: (False, True)}, actor=pia)
    _decide(call, application, pia, "accept")
    client.force_login(alice)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "8 (0–10)" in page
    assert "2 (1–5)" in page
    assert "Promising; show more of your past work." not in page


def test_unshared_reviews_stay_hidden_from_the_applicant(client, call, pia, alice, ria):
    application, _assignment = _reviewed(call, alice, ria)
    _decide(call, application, pia)
    client.force_login(alice)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Feedback from the review" not in page
    assert "Clearly fits the call." not in page


def test_only_the_calls_coordinators_choose_what_is_shared(client, call, pia, otto, alice, ria):
    application, assignment = _reviewed(call, alice, ria)
    url = reverse("calls:feedback", args=[application.pk])
    # Another programme's coordinator does not even see the application; the applicant and
    # the reviewer may not choose.
    client.force_login(otto)
    assert client.post(url, {f"comments_{assignment.pk}": "on"}).status_code == 404
    for person in (alice, ria):
        client.force_login(person)
        assert client.post(url, {f"comments_{assignment.pk}": "on"}).status_code == 403
    assignment.refresh_from_db()
    assert (assignment.comments_shared, assignment.scores_shared) == (False, False)
    client.force_login(pia)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Share the comments of review 1 (Ria Reviewer)" in page


def test_a_review_not_submitted_cannot_be_shared(call, pia, alice, ria, rey):
    application, assignment = _reviewed(call, alice, ria)
    pending = AssignmentFactory(application=application, reviewer=rey)
    with pytest.raises(ValidationError):
        services.share_feedback(
            application, {assignment.pk: (True, True), pending.pk: (True, False)}, actor=pia
        )
    # Nothing is written half-way.
    assert (
        list(ReviewAssignment.objects.filter(comments_shared=True).values_list("pk", flat=True))
        == []
    )
