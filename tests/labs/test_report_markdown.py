"""The lab report in Markdown shows what participants wrote as text: a Markdown reader makes no
HTML, link, image or heading of it."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from markdown_it import MarkdownIt

from atelier.core.multilingual import MultilingualText
from atelier.labs import services
from atelier.labs.models import Seat

pytestmark = pytest.mark.django_db

NOTES = [
    '<img src=x onerror="alert(1)">',
    "<script>alert(1)</script>",
    "[a link](javascript:alert(1))",
    "![an image](https://evil.invalid/pixel.png)",
    "<https://evil.invalid/>",
    "# not a heading",
    "- not a list",
    "1. not a list either",
    "*not emphasis* and `not code` and &lt;b&gt;",
    'a note\n\n<div hx-post="/admin/" hx-trigger="load">on a line of its own</div>',
]
# The only elements the report itself is made of.
REPORT_ELEMENTS = {"h1", "h2", "h3", "p", "ul", "ol", "li", "strong"}


class Elements(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.texts = set(), []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.texts.append(data)


@pytest.fixture
def report(client, fay, lab, people):
    lab = services.start_next_round(lab)
    member = people[1]
    table = Seat.objects.get(round=lab.current_round, participant=member).table
    notes = [services.post_note(table, member, text) for text in NOTES]
    services.create_theme(lab, "<b>Spaces</b> [x](javascript:alert(1))", notes[:2])
    lab.title = MultilingualText("Lab <script>alert(1)</script>", "en")
    lab.save()
    client.force_login(fay)
    response = client.get(reverse("labs:report-md", args=[lab.slug]))
    assert response.status_code == 200
    markdown = response.content.decode()
    # CommonMark with raw HTML on, and the tables and strikethrough of GitHub's dialect.
    return markdown, MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def test_the_markdown_report_makes_no_markup_of_what_participants_wrote(report):
    _markdown, html = report
    assert Elements(html).tags <= REPORT_ELEMENTS


def test_the_markdown_report_shows_what_participants_wrote_as_written(report):
    _markdown, html = report
    text = "".join(Elements(html).texts)
    for note in NOTES:
        assert " ".join(note.split()) in text
    assert "<b>Spaces</b> [x](javascript:alert(1))" in text
    assert "Lab <script>alert(1)</script>" in text


def test_the_markdown_report_keeps_its_own_structure(report):
    markdown, _html = report
    assert markdown.startswith("# Lab \\<script\\>alert\\(1\\)\\</script\\>\n")
    theme = "- **\\<b\\>Spaces\\</b\\> \\[x\\]\\(javascript:alert\\(1\\)\\)**"
    assert f"{theme} — 0 votes\n" in markdown
    assert "\n1. What works?\n2. What next?\n" in markdown
