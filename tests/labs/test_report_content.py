"""The report says when, where and by whom the lab met, and links each theme to the actions it
became, in HTML, Markdown and PDF; the PDF keeps themes and their notes on two levels."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from atelier.accounts.roles import Role
from atelier.accounts.services import assign_role
from atelier.core.multilingual import MultilingualText
from atelier.labs import services
from atelier.labs.models import Lab, Question, Theme
from tests.factories import UserFactory
from tests.plans.factories import GoalFactory, PlanFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_lab():
    programme = ProgrammeFactory(slug="ecoc-sme")
    paula = UserFactory(email="paula@example.org", display_name="Paula Facilitator")
    assign_role(paula, Role.FACILITATOR, scope=programme)
    plan = PlanFactory(
        slug="sme-growth", programme=programme, title=MultilingualText("Growth", "en")
    )
    plan.managers.add(paula)
    goal = GoalFactory(plan=plan, title=MultilingualText("More start-ups", "en"))
    lab = services.create_lab(
        paula,
        title=MultilingualText("Harbour lab", "en"),
        programme=programme,
        date=date(2026, 5, 14),
        venue="Old Customs House, Rijeka",
        status=Lab.Status.OPEN,
    )
    question = Question.objects.create(lab=lab, text=MultilingualText("What helps?", "en"))
    services.add_round(lab, question, 10)
    table = services.add_table(lab, 1)
    member = services.join(lab, user=UserFactory(display_name="Mia Member"))
    services.start_next_round(lab)
    first = services.post_note(table, member, "Makerspaces in libraries")
    second = services.post_note(table, member, "Empty shops for start-ups")
    theme = services.create_theme(lab, "Spaces", [first, second])
    link = services.propose_action(paula, theme, goal, title="Open a makerspace", language="en")
    services.close(lab, actor=paula)
    return {"lab": lab, "paula": paula, "theme": theme, "action": link.action, "plan": plan}


def _action_url(data):
    return reverse("plans:action", args=[data["plan"].slug, data["action"].pk])


def test_the_html_report_says_when_where_who_and_what_each_theme_became(client, report_lab):
    client.force_login(report_lab["paula"])
    response = client.get(reverse("labs:report", args=[report_lab["lab"].slug]))
    assert response.status_code == 200
    html = response.text
    assert "<dt>Date</dt><dd>May 14, 2026</dd>" in html
    assert "<dt>Venue</dt><dd>Old Customs House, Rijeka</dd>" in html
    assert "<dt>Facilitator</dt><dd>Paula Facilitator</dd>" in html
    assert f'<a href="{_action_url(report_lab)}" lang="en">Open a makerspace</a>' in html


def test_the_markdown_report_says_when_where_who_and_links_the_action(client, report_lab):
    client.force_login(report_lab["paula"])
    response = client.get(reverse("labs:report-md", args=[report_lab["lab"].slug]))
    markdown = response.content.decode()
    assert "\nDate: May 14, 2026\n" in markdown
    assert "\nVenue: Old Customs House, Rijeka\n" in markdown
    assert "\nFacilitated by: Paula Facilitator\n" in markdown
    assert (
        "- **Spaces** — 0 votes\n  - Makerspaces in libraries\n  - Empty shops for start-ups\n"
        in (markdown)
    )
    url = f"http://testserver{_action_url(report_lab)}"
    assert f"  - → Proposed as [Open a makerspace](<{url}>) in the plan Growth\n" in markdown


def test_the_pdf_is_written_with_themes_over_their_notes_and_actions(report_lab, rf):
    blocks = services.report_pdf_blocks(
        report_lab["lab"], "en", user=report_lab["paula"], absolute=lambda path: path
    )
    start = blocks.index(("li", "Spaces — 0 votes"))
    assert blocks[start + 1 : start + 4] == [
        ("li2", "Makerspaces in libraries"),
        ("li2", "Empty shops for start-ups"),
        (
            "li2",
            f"→ Proposed as “Open a makerspace” in the plan “Growth”: {_action_url(report_lab)}",
        ),
    ]
    assert ("p", "Date: May 14, 2026") in blocks
    assert ("p", "Facilitated by: Paula Facilitator") in blocks


def _lines_with_x(content):
    """Each line of the PDF's text with the x position it starts at."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((" ".join(text.split()), tm[4]))

    for page in PdfReader(io.BytesIO(content)).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_the_pdf_shows_notes_indented_under_their_theme(client, report_lab):
    client.force_login(report_lab["paula"])
    response = client.get(reverse("labs:report-pdf", args=[report_lab["lab"].slug]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    lines = _lines_with_x(response.content)
    theme_x = next(x for text, x in lines if text.startswith("• Spaces"))
    note_x = next(x for text, x in lines if text.startswith("◦ Makerspaces in libraries"))
    action = next(text for text, _x in lines if "Open a makerspace" in text)
    assert note_x > theme_x
    assert "Proposed as" in action
    text = " ".join(text for text, _x in lines)
    assert "Date: May 14, 2026" in text and "Old Customs House, Rijeka" in text


def test_a_lab_at_an_event_takes_the_events_date_and_venue(client, report_lab):
    from tests.events.factories import EventFactory

    lab = report_lab["lab"]
    event = EventFactory(venue_name="Hall 3", venue_city="Plovdiv")
    lab.date, lab.venue, lab.event = None, "", event
    lab.save()
    data = services.report_data(Lab.objects.get(pk=lab.pk), report_lab["paula"])
    assert data["date"] == event.local_start.date()
    assert data["venue"] == "Hall 3, Plovdiv"


def test_an_action_the_reader_may_not_open_is_not_named(client, report_lab):
    plan = report_lab["plan"]
    plan.visibility = "members"
    plan.save()
    services.publish_report(report_lab["lab"])
    response = client.get(reverse("labs:report", args=[report_lab["lab"].slug]))
    assert response.status_code == 200
    assert "Makerspaces in libraries" in response.text
    assert "Open a makerspace" not in response.text
    assert Theme.objects.filter(name="Spaces").exists()


def test_a_theme_that_became_an_action_is_not_removed(client, report_lab):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.remove_theme(report_lab["theme"])
    client.force_login(report_lab["paula"])
    url = reverse("labs:theme-remove", args=[report_lab["lab"].slug, report_lab["theme"].pk])
    response = client.post(url, follow=True)
    assert "it stays so the action keeps its origin" in response.text
    assert Theme.objects.filter(pk=report_lab["theme"].pk).exists()


def test_the_report_query_count_holds_as_themes_become_actions(client, report_lab):
    from tests.queries import assert_same_queries

    lab, paula = report_lab["lab"], report_lab["paula"]
    goal = report_lab["action"].goal

    def more():
        for number in range(3):
            theme = services.create_theme(lab, f"Theme {number}")
            services.propose_action(paula, theme, goal, title=f"Action {number}", language="en")

    client.force_login(paula)
    one, several = assert_same_queries(
        lambda: client.get(reverse("labs:report", args=[lab.slug])), more
    )
    assert all(f"Action {number}" in several.text for number in range(3))
