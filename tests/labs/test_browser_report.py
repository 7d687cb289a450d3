"""In the browser: a facilitator closes a lab's round controls away, removes a participant
only after a dialog, publishes the report; a visitor finds it from the programme's Learning
labs tab. Every page is axe-clean and no wider than the screen at 1280 and 375 px."""

import pytest

from atelier.core.multilingual import MultilingualText
from atelier.labs import services
from atelier.labs.models import Lab, Participant, Question
from tests.browsing import log_in
from tests.factories import UserFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 375)


def checked(page, axe):
    axe(page)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def closed_lab(fay):
    programme = ProgrammeFactory(slug="ecoc-sme", title=MultilingualText("ECoC SME", "en"))
    lab = services.create_lab(
        fay,
        title=MultilingualText("Лаборатория Габрово", "bg"),
        programme=programme,
        venue="Гостилица",
        status=Lab.Status.OPEN,
    )
    question = Question.objects.create(lab=lab, text=MultilingualText("Какво работи?", "bg"))
    services.add_round(lab, question, 10)
    table = services.add_table(lab, 1)
    mira = services.join(lab, user=UserFactory(display_name="Mira Member"))
    services.join(lab, user=UserFactory(display_name="Ivo Member"))
    services.start_next_round(lab)
    note = services.post_note(table, mira, "Работилници в читалищата")
    services.create_theme(lab, "Пространства", [note])
    services.broadcast(lab, "Five more minutes")
    services.close(lab)
    return lab


def test_a_closed_lab_is_published_and_found_from_the_programmes_tab(
    page, axe, fay, password, closed_lab
):
    log_in(page, fay, password)
    page.goto(f"/labs/{closed_lab.slug}/")
    assert closed_lab.slug == "laboratoriya-gabrovo"
    page.get_by_text("This lab is closed: its rounds are over.").wait_for()
    assert page.get_by_role("button", name="Start the first round").count() == 0
    assert page.get_by_text("Five more minutes").count() == 0
    checked(page, axe)

    page.get_by_role("link", name="Remove Ivo Member").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Ivo Member loses their seat").wait_for()
    checked(page, axe)
    dialog.get_by_role("button", name="Cancel").click()
    dialog.wait_for(state="detached")
    assert Participant.objects.filter(lab=closed_lab).count() == 2
    page.get_by_role("link", name="Remove Ivo Member").click()
    page.get_by_role("dialog").get_by_role("button", name="Remove the participant").click()
    page.get_by_text("Ivo Member was removed from the lab.").wait_for()
    assert Participant.objects.filter(lab=closed_lab).count() == 1

    page.goto(f"/labs/{closed_lab.slug}/report/")
    page.get_by_role("button", name="Publish the report").click()
    page.get_by_text("The report is published").first.wait_for()
    checked(page, axe)
    page.goto(f"/labs/{closed_lab.slug}/report/unpublish/")  # the question without JavaScript
    page.get_by_role("heading", name="Unpublish the report").wait_for()
    checked(page, axe)

    page.context.clear_cookies()
    page.goto("/programmes/ecoc-sme/")
    page.get_by_role("link", name="Learning labs").click()
    page.wait_for_url("**/labs/programme/ecoc-sme/")
    checked(page, axe)
    page.get_by_role("link", name="Лаборатория Габрово").first.click()
    page.wait_for_url(f"**/labs/{closed_lab.slug}/report/")
    page.get_by_text("Работилници в читалищата").first.wait_for()
    assert page.get_by_text("Гостилица").count() == 1
    assert page.get_by_role("button", name="Publish the report").count() == 0
    checked(page, axe)
