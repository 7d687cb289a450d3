"""Coordinators build a call: settings, the form, weighted criteria, publication."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from atelier.calls import services
from atelier.calls.models import Call, Question
from tests.queries import assert_same_queries

from .factories import CallFactory, CriterionFactory, QuestionFactory


def _draft(programme):
    call = CallFactory(programme=programme, status="draft")
    QuestionFactory(call=call)
    return call


def test_publishing_needs_weights_adding_up_to_100(programme, pia):
    call = _draft(programme)
    CriterionFactory(call=call, weight=60)
    CriterionFactory(call=call, weight=30)
    with pytest.raises(ValidationError) as caught:
        services.publish_call(call, actor=pia)
    assert "90" in " ".join(caught.value.messages)
    call.refresh_from_db()
    assert call.status == "draft"
    CriterionFactory(call=call, weight=10)
    assert services.publish_call(call, actor=pia).status == "published"


def test_publishing_needs_criteria_and_questions(programme, pia):
    call = CallFactory(programme=programme, status="draft")
    with pytest.raises(ValidationError) as caught:
        services.publish_call(call, actor=pia)
    text = " ".join(caught.value.messages)
    assert "criterion" in text and "question" in text


def test_a_participants_call_names_its_event(programme, pia):
    call = _draft(programme)
    call.type = Call.Type.PARTICIPANTS
    call.save()
    CriterionFactory(call=call, weight=100)
    with pytest.raises(ValidationError):
        services.publish_call(call, actor=pia)


def test_a_call_closes_after_it_opens(programme, pia):
    now = timezone.now()
    call = Call(
        programme=programme, type="experts", opens_at=now, closes_at=now - timedelta(hours=1)
    )
    call.title = "x"
    with pytest.raises(ValidationError):
        services.create_call(call, actor=pia)


def test_questions_are_reordered(programme, pia):
    call = _draft(programme)
    second = QuestionFactory(call=call)
    third = QuestionFactory(call=call)
    services.move_question(third, "up", actor=pia)
    assert list(call.questions.values_list("pk", flat=True))[1:] == [third.pk, second.pk]
    services.move_question(third, "down", actor=pia)
    assert list(call.questions.values_list("pk", flat=True))[1:] == [second.pk, third.pk]


def test_choice_questions_need_two_choices(programme, pia):
    call = _draft(programme)
    question = Question(call=call, kind="choice", choices=["Only one"], label="Pick")
    with pytest.raises(ValidationError):
        services.add_question(question, actor=pia)


# Pages and who may use them -----------------------------------------------------------------


def _coordinator_urls(call):
    question = call.questions.first()
    criterion = call.criteria.first()
    return [
        reverse("calls:edit", args=[call.slug]),
        reverse("calls:questions", args=[call.slug]),
        reverse("calls:question-edit", args=[call.slug, question.pk]),
        reverse("calls:criterion-edit", args=[call.slug, criterion.pk]),
        reverse("calls:applications", args=[call.slug]),
        reverse("calls:reviewers", args=[call.slug]),
        reverse("calls:ranking", args=[call.slug]),
        reverse("calls:export", args=[call.slug, "csv"]),
        reverse("calls:export", args=[call.slug, "xlsx"]),
    ]


def test_coordinator_pages_answer_their_coordinators(client, call, pia, cora, ada):
    for person in (pia, cora, ada):
        client.force_login(person)
        for url in _coordinator_urls(call):
            assert client.get(url).status_code == 200, (person, url)


def test_coordinator_pages_refuse_everyone_else(client, call, alice, ria, otto, ezra):
    for url in _coordinator_urls(call):
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        for person in (alice, ria, otto, ezra):
            client.force_login(person)
            assert client.get(url).status_code == 403, (person, url)


def test_coordinator_posts_refuse_everyone_else(client, call, alice, otto):
    question = call.questions.first()
    for person in (alice, otto):
        client.force_login(person)
        assert client.post(reverse("calls:publish", args=[call.slug])).status_code == 403
        assert (
            client.post(reverse("calls:question-delete", args=[call.slug, question.pk])).status_code
            == 403
        )
    assert call.questions.filter(pk=question.pk).exists()


def test_a_programme_coordinator_creates_a_call_in_their_programme(client, programme, pia):
    client.force_login(pia)
    response = client.post(
        reverse("calls:create"),
        {
            "title_text": "Call for experts 2027",
            "content_language": "en",
            "description_text": "We look for experts.",
            "eligibility_text": "",
            "type": "experts",
            "programme": programme.pk,
            "time_zone": "Europe/Warsaw",
            "opens_at": "2027-01-10T09:00",
            "closes_at": "2027-02-10T17:00",
            "places": "5",
            "reviews_per_application": "2",
        },
    )
    call = Call.objects.get()
    assert response.status_code == 302
    assert call.status == "draft"
    assert call.created_by == pia
    # 17:00 in Warsaw (winter, UTC+1) is 16:00 UTC.
    assert call.closes_at.utctimetuple().tm_hour == 16


def test_a_programme_coordinator_cannot_create_a_call_elsewhere(client, other_programme, pia):
    client.force_login(pia)
    response = client.post(
        reverse("calls:create"),
        {
            "title_text": "Not mine",
            "content_language": "en",
            "type": "experts",
            "programme": other_programme.pk,
            "time_zone": "Europe/Warsaw",
            "opens_at": "2027-01-10T09:00",
            "closes_at": "2027-02-10T17:00",
            "reviews_per_application": "2",
        },
    )
    assert response.status_code == 200
    assert not Call.objects.exists()


def test_members_may_not_create_calls(client, alice, ria):
    for person in (alice, ria):
        client.force_login(person)
        assert client.get(reverse("calls:create")).status_code == 403


def test_the_form_builder_adds_moves_and_removes_questions(client, programme, pia):
    call = _draft(programme)
    client.force_login(pia)
    url = reverse("calls:questions", args=[call.slug])
    response = client.post(
        url,
        {
            "question-label_text": "Which city?",
            "question-content_language": "en",
            "question-kind": "choice",
            "question-choices_text": "Sofia\nPlovdiv\n",
            "question-required": "on",
        },
    )
    assert response.status_code == 302
    added = call.questions.get(kind="choice")
    assert added.choices == ["Sofia", "Plovdiv"]
    assert added.required
    client.post(reverse("calls:question-move", args=[call.slug, added.pk, "up"]))
    assert call.questions.first() == added
    client.post(reverse("calls:question-delete", args=[call.slug, added.pk]))
    assert not call.questions.filter(pk=added.pk).exists()


def test_criteria_and_publication_through_the_pages(client, programme, pia):
    call = _draft(programme)
    client.force_login(pia)
    add = reverse("calls:criterion-add", args=[call.slug])
    for label, weight in (("Relevance", 40), ("Experience", 30)):
        client.post(
            add,
            {
                "criterion-label_text": label,
                "criterion-content_language": "en",
                "criterion-weight": weight,
                "criterion-scale_min": 0,
                "criterion-scale_max": 10,
            },
        )
    response = client.post(reverse("calls:publish", args=[call.slug]), follow=True)
    assert "70" in response.content.decode()
    call.refresh_from_db()
    assert call.status == "draft"
    client.post(
        add,
        {
            "criterion-label_text": "Reach",
            "criterion-content_language": "en",
            "criterion-weight": 30,
            "criterion-scale_min": 1,
            "criterion-scale_max": 5,
        },
    )
    client.post(reverse("calls:publish", args=[call.slug]))
    call.refresh_from_db()
    assert call.status == "published"


def test_calls_you_run_query_count(client, programme, pia):
    CallFactory(programme=programme)
    CallFactory()  # of no programme: not Pia's
    client.force_login(pia)
    one, several = assert_same_queries(
        lambda: client.get(reverse("calls:manage")),
        lambda: CallFactory.create_batch(3, programme=programme),
    )
    assert len(several.context["calls"]) == 4
