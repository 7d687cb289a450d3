"""The facilitator translates a lab's questions; each table reads them in its reader's language."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from atelier.core.models import AuditLogEntry
from atelier.labs import services
from atelier.labs.models import Question, Seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(lab):
    return lab.questions.get(position=1)


def _url(question):
    return reverse("labs:question", args=[question.lab.slug, question.pk])


def test_the_facilitator_adds_changes_and_removes_a_translation(client, fay, question):
    client.force_login(fay)
    page = client.get(_url(question))
    assert page.status_code == 200
    assert "No translation yet." in page.content.decode()

    response = client.post(_url(question), {"language": "bg", "text": "Какво работи?"})
    assert response.status_code == 302 and response["Location"] == _url(question)
    question.refresh_from_db()
    assert question.text.translations == {"bg": {"text": "Какво работи?", "by": "human"}}
    client.post(_url(question), {"language": "bg", "text": "Кое работи добре?"})
    client.post(_url(question), {"language": "ro", "text": "Ce funcționează?"})
    question.refresh_from_db()
    assert question.text.get("bg") == "Кое работи добре?"
    assert question.text.text == "What works?" and question.text.language == "en"
    html = client.get(_url(question)).content.decode()
    assert '<span lang="ro">Ce funcționează?</span>' in html

    response = client.post(_url(question), {"language": "bg", "text": ""}, follow=True)
    assert "The translation was removed." in response.content.decode()
    question.refresh_from_db()
    assert sorted(question.text.translations) == ["ro"]
    assert AuditLogEntry.objects.filter(action="labs.question.translated").count() == 4


def test_a_persons_translation_replaces_a_machines(fay, question):
    question.text.translate("bg", "Какво върви?", by="machine")
    question.save()
    services.translate_question(question, "bg", "Какво работи?", actor=fay)
    question.refresh_from_db()
    assert question.text.translations["bg"] == {"text": "Какво работи?", "by": "human"}


def test_the_original_language_is_not_offered_nor_taken(client, fay, question):
    client.force_login(fay)
    html = client.get(_url(question)).content.decode()
    assert '<option value="bg">' in html and '<option value="en">' not in html
    response = client.post(_url(question), {"language": "en", "text": "What works?"})
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.text.translations == {}
    with pytest.raises(ValidationError):
        services.translate_question(question, "en", "What works?")
    with pytest.raises(ValidationError):
        services.translate_question(question, "xx", "Quoi?")


def test_a_table_reads_the_question_in_the_readers_language(client, running, people, fay):
    question = running.current_round.question
    services.translate_question(question, "bg", "Какво работи?", actor=fay)
    member = people[1]
    table = Seat.objects.get(round=running.current_round, participant=member).table
    client.force_login(member.user)
    board = reverse("labs:board", args=[running.slug, table.number])
    html = client.get(board, HTTP_ACCEPT_LANGUAGE="bg").content.decode()
    assert '<p class="lab-question" lang="bg">Какво работи?</p>' in html
    html = client.get(board, HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert '<p class="lab-question" lang="en">What works?</p>' in html


def test_only_those_who_run_the_lab_translate_its_questions(client, alice, bob, question):
    response = client.get(_url(question))
    assert response.status_code == 302 and "login" in response["Location"]
    services.join(question.lab, user=alice)
    for person in (alice, bob):  # a participant; the host of table 1
        client.force_login(person)
        assert client.get(_url(question)).status_code == 403
        response = client.post(_url(question), {"language": "bg", "text": "Превзето"})
        assert response.status_code == 403
    question.refresh_from_db()
    assert question.text.translations == {}


def test_a_question_of_another_lab_is_not_found(client, fay, question):
    other = services.create_lab(fay, title={"lang": "en", "text": "Other"}, slug="other")
    client.force_login(fay)
    url = reverse("labs:question", args=[other.slug, question.pk])
    assert client.get(url).status_code == 404
    assert Question.objects.filter(lab=other).count() == 0


def test_the_console_links_each_question_to_its_translations(client, fay, question):
    client.force_login(fay)
    html = client.get(reverse("labs:detail", args=[question.lab.slug])).content.decode()
    assert f'href="{_url(question)}"' in html
