"""The demo lab: Timișoara's world café of seed 004."""

import pytest
from django.urls import reverse

from atelier.accounts import demo as accounts_demo
from atelier.labs import demo
from atelier.labs.models import Lab, Note, Participant, Question, Theme, Vote
from atelier.programmes import demo as programmes_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    accounts_demo.load()
    programmes_demo.load_seed_programmes()
    demo.load()


def _counts():
    return tuple(m.objects.count() for m in (Lab, Question, Participant, Note, Theme, Vote))


def test_demo_loads_twice_as_once(loaded):
    before = _counts()
    demo.load()
    assert _counts() == before
    assert before[:2] == (1, 6)


def test_the_six_questions_in_romanian_with_english_machine_translation(loaded, client):
    lab = Lab.objects.get(slug=demo.SLUG)
    assert lab.programme.slug == "ecoc-sme"
    assert lab.status == Lab.Status.CLOSED
    first = lab.questions.order_by("position").first()
    assert first.text.language == "ro"
    assert first.text.for_reader("en").is_machine_translation
    assert "start-up-uri" in first.text.text
    assert lab.rounds.count() == 6 and lab.tables.count() == 3
    assert Note.objects.filter(table__lab=lab).count() == len(demo.NOTES)
    themes = {t.name: t.votes.count() for t in lab.themes.all()}
    assert themes["Spații și incubare pentru antreprenorii creativi"] == 7
    for participant in lab.participants.all():
        assert participant.votes.count() <= lab.votes_per_participant

    client.force_login(lab.facilitators.get())
    response = client.get(reverse("labs:report", args=[lab.slug]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Programe de incubare dedicate industriilor creative" in response.text


def test_the_labs_themes_feed_the_sme_action_plan(client):
    from atelier.labs.models import ProposedAction
    from atelier.plans import demo as plans_demo
    from atelier.plans.models import Plan

    accounts_demo.load()
    programmes_demo.load_seed_programmes()
    plans_demo.load()
    demo.load()
    demo.load()  # twice: the links are not duplicated
    links = ProposedAction.objects.select_related("theme", "action__goal__plan")
    assert {link.theme.name for link in links} == set(demo.FEEDS)
    assert {link.action.goal.plan.slug for link in links} == {demo.PLAN}
    for link in links:
        assert link.notes.count() == link.theme.notes.count() > 0
    html = client.get(Plan.objects.get(slug=demo.PLAN).get_absolute_url()).content.decode()
    assert html.count("Comes from the lab theme") == 3
    assert "Comes from the lab theme “Reziliență după pandemie”" in html
    assert "Fond de urgență pentru artiștii independenți" in html


def test_an_existing_demo_lab_gets_its_links_to_the_plan(loaded):
    from atelier.labs.models import ProposedAction
    from atelier.plans import demo as plans_demo

    assert not ProposedAction.objects.exists()  # the plan was not there yet
    plans_demo.load()
    demo.load()
    assert ProposedAction.objects.count() == 3


def test_the_demo_labs_report_is_public_on_its_programmes_tab(loaded, client):
    lab = Lab.objects.get(slug=demo.SLUG)
    assert lab.report_published and lab.date is not None
    response = client.get(reverse("labs:programme", args=["ecoc-sme"]))
    assert response.status_code == 200
    assert reverse("labs:report", args=[lab.slug]) in response.text
    assert client.get(reverse("labs:report", args=[lab.slug])).status_code == 200
