"""Reviewers' standing conflicts of interest; erasure; guards on the form once people applied."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from atelier.calls import services
from atelier.calls.models import Application, ConflictOfInterest

from .conftest import answer_keys
from .factories import ApplicationFactory, AssignmentFactory, QuestionFactory


def test_the_conflicts_page_is_for_reviewers(client, alice, pia, ria, rey):
    url = reverse("calls:conflicts")
    assert client.get(url).status_code == 302
    for person in (alice, pia):
        client.force_login(person)
        assert client.get(url).status_code == 403
    for person in (ria, rey):
        client.force_login(person)
        assert client.get(url).status_code == 200


def test_a_reviewer_declares_and_removes_a_conflict(client, ria, bob, alice):
    client.force_login(ria)
    url = reverse("calls:conflicts")
    client.post(url, {"action": "add", "email": "bob@example.org", "reason": "My brother"})
    client.post(url, {"action": "add", "organisation": "Hub Ltd"})
    assert {(c.applicant_id, c.organisation) for c in ConflictOfInterest.objects.all()} == {
        (bob.pk, ""),
        (None, "Hub Ltd"),
    }
    response = client.post(url, {"action": "add"})
    assert "Name a person or an organisation." in response.content.decode()
    conflict = ConflictOfInterest.objects.get(applicant=bob)
    remove = reverse("calls:conflict-remove", args=[conflict.pk])
    client.force_login(alice)
    assert client.post(remove).status_code == 403
    client.force_login(ria)
    # Asked first: the page says what removing does, and removes nothing yet.
    question = client.get(remove)
    assert question.status_code == 200
    assert "may be asked to review applications it covers" in question.content.decode()
    assert ConflictOfInterest.objects.filter(pk=conflict.pk).exists()
    assert client.post(remove).status_code == 302
    assert not ConflictOfInterest.objects.filter(pk=conflict.pk).exists()


def test_another_reviewers_conflict_cannot_be_removed(client, ria, rey, bob):
    conflict = services.declare_standing_conflict(rey, applicant=bob)
    client.force_login(ria)
    remove = reverse("calls:conflict-remove", args=[conflict.pk])
    assert client.get(remove).status_code == 404
    assert client.post(remove).status_code == 404
    assert ConflictOfInterest.objects.filter(pk=conflict.pk).exists()


def test_declaring_a_conflict_on_an_assignment(client, call, ria, alice):
    assignment = AssignmentFactory(
        application__call=call, application__applicant=alice, reviewer=ria
    )
    client.force_login(ria)
    url = reverse("calls:review", args=[assignment.pk])
    response = client.post(url, {"action": "conflict", "reason": ""})
    assert response.status_code == 200
    client.post(url, {"action": "conflict", "reason": "She is my colleague"})
    assignment.refresh_from_db()
    assert assignment.conflict_declared
    assert ConflictOfInterest.objects.get().application == assignment.application
    # The application is no longer open to them.
    assert client.get(assignment.application.get_absolute_url()).status_code == 404


def test_erasure_removes_answers_files_and_review_comments(call, alice, ria):
    from atelier.calls.models import ApplicationFile

    m, _c = answer_keys(call)
    application = services.save_application(call, alice, answers={m: "About me"})
    AssignmentFactory(application=ApplicationFactory(call=call), reviewer=ria, comment="Personal")
    services.erase_applications(alice)
    services.erase_applications(ria)
    application.refresh_from_db()
    assert application.answers == {}
    assert not ApplicationFile.objects.exists()
    assert ria.review_assignments.get().comment == ""
    assert Application.objects.count() == 2


def test_the_kind_of_a_question_stays_once_people_applied(call, pia, alice):
    m, _c = answer_keys(call)
    services.save_application(call, alice, answers={m: "Text"}, submit=True)
    question = call.questions.get(pk=int(m))
    question.kind = "short-text"
    with pytest.raises(ValidationError):
        services.update_question(question, actor=pia)
    with pytest.raises(ValidationError):
        services.remove_question(question, actor=pia)


def test_expertise_areas_come_from_the_experts_taxonomy(call, alice):
    areas = QuestionFactory(call=call, kind="areas", max_choices=2)
    m, _c = answer_keys(call)
    application = services.save_application(
        call, alice, answers={m: "x", areas.key: ["audience-development"]}
    )
    assert application.answers[areas.key] == ["audience-development"]
    with pytest.raises(ValidationError):
        services.save_application(call, alice, answers={m: "x", areas.key: ["astrology"]})
