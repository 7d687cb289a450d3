"""What people write is shown as text, or as sanitised HTML, on every page and export that
shows it: no element or attribute of a payload survives to act in a reader's browser.

The sinks (fields, and the views that show them) are listed in tests/security/sinks.py; a text
field of a model of ours that is not there fails ``test_every_field_people_write_is_a_sink``.
"""

import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.db import models
from markdown_it import MarkdownIt

from .sinks import NOT_SINKS, SINKS, People, Writer

MARK = "zq7"

# Each payload is at most 40 characters once "{m}" becomes a field's 5-letter marker: the
# shortest free-text field (an organisation's acronym) holds all of them.
PAYLOADS = [
    "<script>{m}()</script>",
    "<img src=x onerror={m}()>",
    "<svg onload={m}()>",
    '<a href="javascript:{m}()">x</a>',
    '<b hx-get="/{m}" hx-trigger="load">',
    '<b data-hx-post="/{m}">x</b>',
    '<b x-init="{m}()" @click="{m}()">',
    '"><b onclick={m}()>',
    "'><b onclick={m}()>",
    "</script><b onclick={m}()>",
    "{{7*7}}{m} ${7*7}",
    "[{m}](javascript:{m}())",
    "[x](https://{m}.invalid/)",
    "![x](https://{m}.invalid/a.png)",
    '<iframe srcdoc="<b onclick={m}()>">',
    '<button formaction="javascript:{m}()">',
    '<p style="background:url(//{m})">',
    "<style>b{x:url(//{m})}</style>",
]
URL_PAYLOADS = [
    # A good address first: the page must show it, which proves the field reaches the page.
    "https://{m}.example.org/",
    "javascript:{m}()",
    "JaVaScRiPt:{m}()",
    " javascript:{m}()",
    "vbscript:{m}()",
    "data:text/html,<script>{m}()</script>",
    "//{m}.invalid/",
    "/\\{m}.invalid/",
    "\\\\{m}.invalid/",
    "/\t/{m}.invalid/",
    'https://{m}.invalid/"><b onclick={m}()>',
]

# Attributes that run code or make requests (HTMX, Alpine, event handlers), or style a page.
ACTIVE_ATTRIBUTE = re.compile(r"^(on|hx-|data-hx-|x-|@|:|v-on|v-bind)|^(style|srcdoc|formaction)$")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "background", "srcset"}
URL_ATTRIBUTES |= {"xlink:href", "cite", "ping", "hx-get", "hx-post"}
# Elements whose content runs or loads something.
ACTIVE_ELEMENTS = {"script", "style", "iframe", "object", "embed", "svg", "math", "base", "frame"}
# A link that stays on an http(s) host or on this site (a path with a single leading slash).
SAFE_LINK = re.compile(r"^(https?://[^/\\\s]|/(?![/\\])|/?$)", re.IGNORECASE)


class Inspector(HTMLParser):
    """What in a page came alive from a payload: each problem as a short line."""

    def __init__(self, strict=False):
        super().__init__(convert_charrefs=True)
        self.strict = strict  # a Markdown export: no link or image may carry a payload either
        self.problems = []
        self._open = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if MARK in name:
                self.problems.append(f"<{tag}> has an attribute named {name!r}")
            elif MARK in value:
                if ACTIVE_ATTRIBUTE.search(name):
                    self.problems.append(f"<{tag} {name}={value!r}>")
                elif name in URL_ATTRIBUTES and (
                    self.strict or not SAFE_LINK.match(value) or re.search(r"[\s\\]", value)
                ):
                    self.problems.append(f"<{tag} {name}={value!r}>")
                elif tag in ACTIVE_ELEMENTS:
                    self.problems.append(f"<{tag} {name}={value!r}>")
        self._open.append((tag, dict(attrs).get("type") or ""))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._open.pop()

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        if re.search(rf"49\s*{MARK}", data):
            self.problems.append(f"a template was evaluated: {data.strip()[:60]!r}")
        if MARK not in data or not self._open:
            return
        tag, kind = self._open[-1]
        if tag == "script" and kind == "application/ld+json":
            try:
                json.loads(data)
            except ValueError:
                self.problems.append(f"JSON-LD broken by a payload: {data[:60]!r}")
        elif tag in ACTIVE_ELEMENTS:
            self.problems.append(f"<{tag}> holds {data.strip()[:60]!r}")


def html_problems(text, strict=False):
    inspector = Inspector(strict=strict)
    inspector.feed(text)
    inspector.close()
    return inspector.problems


# Feed readers and podcast apps show these as HTML.
HTML_IN_RSS = {"description", "encoded"}


def xml_problems(text, html_elements=()):
    try:
        root = ElementTree.fromstring(text.encode())
    except ElementTree.ParseError as error:
        return [f"not well-formed XML: {error}"]
    problems = []
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        if MARK in local or any(MARK in name for name in element.attrib):
            problems.append(f"an element or attribute made from a payload: {local}")
        if local in html_elements and element.text and MARK in element.text:
            problems += html_problems(element.text)
    return problems


def problems_in(view, body):
    if view.kind == "markdown":
        html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(body)
        return html_problems(html, strict=True)
    if view.kind == "rss":
        return xml_problems(body, HTML_IN_RSS)
    if view.kind == "xml":
        return xml_problems(body)
    if view.kind == "json":
        json.loads(body)
        return []
    return html_problems(body)


def _rendered(client, view):
    client.force_login(view.viewer)
    response = client.get(view.url)
    assert response.status_code == 200, f"{view.url} answered {response.status_code}"
    return b"".join(response.streaming_content if response.streaming else [response.content])


def _room(name):
    """How many characters a field holds (``None``: any number)."""
    app_label, model, field_name = name.split(".")
    f = apps.get_model(app_label, model)._meta.get_field(field_name)
    if isinstance(f, models.EmailField):
        return f.max_length - len("000000@example.org")  # Writer.email adds these
    return f.max_length if isinstance(f, models.CharField) else None


def _packed(payloads, marker, room):
    """``payloads`` with the field's marker, as few texts as the field's room allows: each
    payload whole in one of them."""
    texts = []
    for payload in (p.replace("{m}", marker) for p in payloads):
        if texts and (room is None or len(texts[-1]) + 1 + len(payload) <= room):
            texts[-1] += " " + payload
        else:
            assert room is None or len(payload) <= room, f"{payload!r} does not fit {room}"
            texts.append(payload)
    return texts


def _rounds(sink):
    """The writers of a sink: every field gets every payload, as few items as possible. An
    address is alone in its field; text payloads share a field as far as it has room."""
    payloads = URL_PAYLOADS if sink.kind == "url" else PAYLOADS
    markers = {
        name: f"{MARK}{chr(97 + i // 26)}{chr(97 + i % 26)}" for i, name in enumerate(sink.fields)
    }  # noqa: E501
    texts = {
        name: [p.replace("{m}", markers[name]) for p in payloads]
        if sink.kind == "url"
        else _packed(payloads, markers[name], _room(name))
        for name in sink.fields
    }
    rounds = max(len(t) for t in texts.values())
    writers = [
        Writer({name: t[r % len(t)] for name, t in texts.items()}, markers) for r in range(rounds)
    ]
    return writers, markers


@pytest.mark.parametrize("sink", SINKS, ids=[s.name for s in SINKS])
def test_what_people_write_is_inert_wherever_it_is_shown(sink, client, request, db):
    people = People(request)
    views = {}
    writers, markers = _rounds(sink)
    for writer in writers:
        for view in sink.build(writer, people):
            views.setdefault((view.viewer.pk, view.url), view)
    problems, shown = set(), set()
    for view in views.values():
        body = _rendered(client, view).decode()
        problems.update(f"{view.url}: {problem}" for problem in problems_in(view, body))
        shown.update(name for name, marker in markers.items() if marker in body)
    assert not sorted(problems)
    assert set(sink.fields) <= shown, f"not shown by any view: {set(sink.fields) - shown}"


def _text_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("atelier."):
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.CharField | models.TextField | models.JSONField):
                if not f.choices:
                    yield f"{model._meta.label}.{f.name}"


def test_every_field_people_write_is_a_sink():
    written = {name for sink in SINKS for name in sink.fields}
    missing = set(_text_fields()) - written - set(NOT_SINKS)
    assert not sorted(missing), "Add these fields to a sink, or to NOT_SINKS"


def test_the_lists_name_only_fields_that_exist():
    fields = set(_text_fields())
    named = {name for sink in SINKS for name in sink.fields} | set(NOT_SINKS)
    assert not sorted(named - fields)


def _marked(payload, limit=40):
    marked = payload.replace("{m}", MARK + "aa")
    assert len(marked) <= limit
    return marked


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p[0] in "<\"'"])
def test_the_inspector_finds_each_html_payload_left_raw(payload):
    marked = _marked(payload)
    as_text = f"<!DOCTYPE html><html><body><p>{marked}</p></body></html>"
    quote = payload[0] if payload[0] in "\"'" else '"'
    as_attribute = f"<!DOCTYPE html><html><body><input value={quote}{marked}{quote}></body></html>"
    assert html_problems(as_text)
    assert html_problems(as_attribute) or payload[0] == "<"
    escaped = marked.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    assert not html_problems(f'<p title="{escaped}">{escaped}</p>')


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p[0] in "[!"])
def test_the_inspector_finds_each_markdown_payload_left_raw(payload):
    marked = _marked(payload)
    rendered = MarkdownIt("commonmark").render(f"- {marked}")
    # markdown-it itself refuses javascript: links; a link anywhere else is still the payload's.
    assert html_problems(rendered, strict=True) or "javascript:" in payload


def test_the_inspector_finds_an_evaluated_template():
    assert html_problems(f"<p>49{MARK}aa</p>")
    assert not html_problems(f"<p>{_marked(PAYLOADS[10])}</p>")


@pytest.mark.parametrize("payload", URL_PAYLOADS[1:])
def test_the_inspector_finds_each_address_left_raw(payload):
    marked = _marked(payload, limit=200).replace('"', "&quot;")
    assert html_problems(f'<a href="{marked}">x</a>')
