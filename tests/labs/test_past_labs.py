"""A participant finds their past labs on /labs/ and opens their notes and report."""

import pytest
from django.urls import reverse

from atelier.core.multilingual import MultilingualText
from atelier.labs import services
from atelier.labs.models import Lab, Question
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db


def _past_lab(fay, member, title):
    lab = services.create_lab(fay, title=MultilingualText(title, "en"), status=Lab.Status.OPEN)
    question = Question.objects.create(lab=lab, text=MultilingualText("What works?", "en"))
    services.add_round(lab, question, 10)
    table = services.add_table(lab, 1)
    participant = services.join(lab, user=member)
    services.start_next_round(lab)
    services.post_note(table, participant, f"A note of {title}")
    services.close(lab)
    return lab


def test_a_past_lab_links_to_its_notes_and_report(client, fay, alice):
    lab = _past_lab(fay, alice, "Spring lab")
    client.force_login(alice)
    response = client.get(reverse("labs:list"))
    report_url = reverse("labs:report", args=[lab.slug])
    assert f'<a href="{report_url}" lang="en">Spring lab</a>' in response.text
    assert "you joined it" in response.text
    report = client.get(report_url)
    assert report.status_code == 200 and "A note of Spring lab" in report.text


def test_a_running_lab_links_to_the_table_and_to_the_notes(client, fay, alice):
    lab = services.create_lab(fay, title=MultilingualText("Live lab", "en"), status="open")
    services.join(lab, user=alice)
    client.force_login(alice)
    response = client.get(reverse("labs:list"))
    assert reverse("labs:my-table", args=[lab.slug]) in response.text
    assert reverse("labs:report", args=[lab.slug]) in response.text


def test_the_list_with_past_labs_query_count(client, fay, alice):
    _past_lab(fay, alice, "Lab 0")
    client.force_login(alice)

    def more():
        for number in range(1, 4):
            _past_lab(fay, alice, f"Lab {number}")

    one, several = assert_same_queries(lambda: client.get(reverse("labs:list")), more)
    assert several.text.count('class="card"') == 4
    assert all(f"Lab {n}" in several.text for n in range(4))
