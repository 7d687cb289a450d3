"""The one sanitiser (core.html): what it keeps, what it drops, and the links it accepts."""

import pytest
from django.template import Context, Template

from atelier.core import html


@pytest.mark.parametrize(
    "written",
    [
        '<p hx-post="/admin/" hx-trigger="load">x</p>',
        '<p data-hx-post="/admin/" data-hx-trigger="load">x</p>',
        '<p onclick="alert(1)" onmouseover="alert(1)">x</p>',
        '<p style="background:url(//evil.invalid)">x</p>',
        '<p x-data="{}" x-init="alert(1)" @click="alert(1)">x</p>',
        '<p data-anything="1" class="admin" id="main">x</p>',
    ],
)
def test_the_sanitiser_drops_every_attribute_off_its_list(written):
    assert html.clean(written) == "<p>x</p>"


@pytest.mark.parametrize(
    "written",
    [
        "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
        '<form><button formaction="javascript:alert(1)">x</button></form>',
        '<svg onload="alert(1)"><circle/></svg>',
        '<img src="x" onerror="alert(1)">',
        '<object data="evil.swf"></object>',
    ],
)
def test_the_sanitiser_drops_elements_off_its_list(written):
    cleaned = html.clean(written)
    for word in ("iframe", "srcdoc", "formaction", "svg", "onload", "img", "onerror", "object"):
        assert word not in cleaned


def test_a_script_written_in_the_text_is_shown_as_text():
    assert html.clean("<p>a</p><script>alert(1)</script>") == (
        "<p>a</p>&lt;script&gt;alert(1)&lt;/script&gt;"
    )


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "mailto:someone@example.org",
        "ftp://example.org/file",
        "//evil.invalid/",
        "/\\evil.invalid/",
        "\\\\evil.invalid/",
        "/\t/evil.invalid/",
        "https:evil.invalid",
        "https://",
    ],
)
def test_the_sanitiser_drops_a_link_that_is_not_http_or_a_path_of_this_site(href):
    cleaned = html.clean(f'<a href="{href}">x</a>')
    assert "href" not in cleaned
    assert cleaned.startswith("<a ") and cleaned.endswith(">x</a>")


@pytest.mark.parametrize(
    "href", ["https://example.org/toolkit?a=1&b=2", "http://example.org/", "/library/12/"]
)
def test_the_sanitiser_keeps_web_links_and_paths_of_this_site(href):
    cleaned = html.clean(f'<a href="{href}" title="Toolkit">x</a>')
    assert f'href="{href.replace("&", "&amp;")}"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_a_page_shows_html_people_wrote_sanitised_and_inside_hx_disable():
    template = Template("{% load atelier %}{{ body|user_html }}")
    rendered = template.render(Context({"body": '<p hx-get="/admin/">Hello <b>you</b></p>'}))
    assert rendered == '<div class="user-html" hx-disable><p>Hello <b>you</b></p></div>'


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("/labs/x/report/", "/labs/x/report/"),
        ("javascript:alert(1)", ""),
        ("/\\evil.invalid", ""),
        ("//evil.invalid", ""),
    ],
)
def test_an_address_people_gave_is_a_link_only_when_safe(given, shown):
    template = Template('{% load atelier %}<a href="{{ url|safe_url }}">x</a>')
    assert template.render(Context({"url": given})) == f'<a href="{shown}">x</a>'
