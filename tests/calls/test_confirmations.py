"""Withdrawing an application, removing a question or a criterion ask first: GET answers with
the question saying what will happen, POST acts; the pages link to them as dialogs."""

import pytest
from django.urls import reverse

from atelier.calls.models import Application, Criterion, Question
from atelier.core.multilingual import MultilingualText

from .factories import ApplicationFactory, CriterionFactory


def test_withdrawing_asks_first(client, call, alice, bob):
    application = ApplicationFactory(call=call, applicant=alice)
    url = reverse("calls:withdraw", args=[application.pk])
    client.force_login(alice)
    page = client.get(application.get_absolute_url()).content.decode()
    assert f'hx-get="{url}"' in page
    question = client.get(url)
    assert question.status_code == 200
    assert "you cannot submit it again to this call" in question.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.post(url).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


@pytest.mark.parametrize("what", ["question", "criterion"])
def test_removing_a_question_or_a_criterion_asks_first(client, call, pia, otto, what):
    call.status = "draft"
    call.save()
    if what == "question":
        item = call.questions.order_by("position").first()
        url = reverse("calls:question-delete", args=[call.slug, item.pk])
        model, said = Question, "The question leaves the application form"
    else:
        item = CriterionFactory(call=call, label=MultilingualText("Extra", "en"))
        url = reverse("calls:criterion-delete", args=[call.slug, item.pk])
        model, said = Criterion, "Reviewers will no longer score on it"
    client.force_login(otto)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(pia)
    assert (
        f'hx-get="{url}"'
        in client.get(reverse("calls:questions", args=[call.slug])).content.decode()
    )
    question = client.get(url)
    assert said in question.content.decode()
    assert model.objects.filter(pk=item.pk).exists()
    assert client.post(url).status_code == 302
    assert not model.objects.filter(pk=item.pk).exists()
