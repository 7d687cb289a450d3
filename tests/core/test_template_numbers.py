"""Numbers that machines read are printed as plain digits; numbers people read are grouped.

USE_THOUSAND_SEPARATOR is off, so ``{{ resource.pk }}`` prints 1234 as "1234" in every language,
and numbers meant for people (counts, money, figures) are grouped where they are shown, with
``|grouped`` (core/templatetags/atelier.py), ``|intcomma`` or ``|floatformat:"2g"``.

The scan below still guards machine numbers should grouping be turned on again (or a template
wrap a block in ``{% localize on %}``): inside an HTML attribute (a form value, an element id and
the ``for``/``aria-labelledby`` that point at it, a hand-built URL, a ``data-*`` value) a grouped
"1,234" or "1 234" breaks forms, labels and links once ids reach 1000. Such values go through
``|unlocalize`` (or ``|stringformat``), or sit in ``{% localize off %}``.

It reads every template's source and lists, as file:line, each ``{{ … }}`` inside an HTML tag
whose variable has a machine-read name and is printed localised.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

import atelier

SRC = Path(atelier.__file__).resolve().parent

# The variable's last name part: ids and keys, versions, page numbers and positions, years,
# durations in seconds. Loop counters too, when they make ids (``forloop.counter``).
MACHINE_READ = re.compile(
    r"""^(?:
        pk | id | \w+_(?:pk|id) |
        version | \w+_version |
        number | \w+_number | start_index | end_index |
        year | \w+_year |
        seconds | \w+_seconds
    )$""",
    re.VERBOSE,
)
# Filters after which the value is a plain string of digits.
UNLOCALISING_FILTERS = {"unlocalize", "stringformat"}
LOOP_COUNTERS = {"forloop.counter", "forloop.counter0"}
# Names that look machine-read but hold text: a bound field's "id_<name>".
TEXT_NAMES = {"auto_id"}

# Templates that others own and fix on their own schedule: (path under src/atelier, expression).
# Keep this list short and remove entries as soon as the template is fixed.
_COMMENT = re.compile(r"\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}|\{#.*?#\}", re.S)
_VERBATIM = re.compile(r"\{%\s*verbatim\b.*?%\}.*?\{%\s*endverbatim\b.*?%\}", re.S)
_TEMPLATE_SYNTAX = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_HTML_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_VARIABLE = re.compile(r"\{\{(.*?)\}\}", re.S)
_LOCALIZE = re.compile(r"\{%\s*(localize(?:\s+(on|off))?|endlocalize)\s*%\}")
_STRING = re.compile(r""""[^"]*"|'[^']*'""")
# A sentence for translators (an aria-label, a title) is text people read.
_BLOCKTRANSLATE = re.compile(
    r"\{%\s*blocktrans(?:late)?\b.*?%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)


def _blank(match):
    """The same text with everything but line breaks turned to spaces: offsets stay put."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _fill(match):
    return re.sub(r"[^\n]", "x", match.group(0))


def _unlocalised_ranges(source):
    """Offsets where ``{% localize off %}`` holds (a nested ``localize on`` turns it back on)."""
    ranges, stack, start = [], [], None
    for match in _LOCALIZE.finditer(source):
        if match.group(1) == "endlocalize":
            if stack:
                stack.pop()
        else:
            stack.append(match.group(2) != "off")
        localised = not stack or stack[-1]
        if not localised and start is None:
            start = match.end()
        elif localised and start is not None:
            ranges.append((start, match.start()))
            start = None
    if start is not None:
        ranges.append((start, len(source)))
    return ranges


def _parts(expression):
    """The variable and the filter names of a ``{{ … }}`` expression."""
    bare = _STRING.sub('""', expression)
    variable, *filters = bare.split("|")
    return variable.strip(), [f.split(":", 1)[0].strip() for f in filters]


def localised_machine_numbers(source):
    """(line, expression) of each machine-read number an HTML tag prints localised."""
    source = _COMMENT.sub(_blank, source)
    source = _VERBATIM.sub(_blank, source)
    # Template syntax can hold "<" or ">" (``{% if a > b %}``): hide it to find the tags.
    tags = [m.span() for m in _HTML_TAG.finditer(_TEMPLATE_SYNTAX.sub(_fill, source))]
    unlocalised = _unlocalised_ranges(source) + [m.span() for m in _BLOCKTRANSLATE.finditer(source)]
    found = []
    for match in _VARIABLE.finditer(source):
        at = match.start()
        if not any(start < at < end for start, end in tags):
            continue
        if any(start <= at < end for start, end in unlocalised):
            continue
        expression = " ".join(match.group(1).split())
        variable, filters = _parts(expression)
        name = variable.rsplit(".", 1)[-1]
        if name in TEXT_NAMES or not (MACHINE_READ.match(name) or variable in LOOP_COUNTERS):
            continue
        if UNLOCALISING_FILTERS.intersection(filters):
            continue
        found.append((source.count("\n", 0, at) + 1, expression))
    return found


def _apps():
    return sorted(path.parent.name for path in SRC.glob("*/templates"))


APPS = _apps()


def _templates(app):
    return sorted(
        path
        for path in (SRC / app / "templates").glob("**/*")
        if path.is_file() and path.suffix in {".html", ".txt", ".xml"}
    )


def test_the_scan_finds_the_templates():
    assert {"calls", "core", "library", "plans", "labs"} <= set(_apps())
    paths = [path.relative_to(SRC).as_posix() for app in _apps() for path in _templates(app)]
    assert "core/templates/base.html" in paths
    assert "library/templates/library/collection_edit.html" in paths
    assert len(paths) > 100


@pytest.mark.parametrize("app", APPS)
def test_no_template_prints_a_machine_read_number_localised(app):
    problems = []
    for path in _templates(app):
        relative = path.relative_to(SRC).as_posix()
        for line, expression in localised_machine_numbers(path.read_text(encoding="utf-8")):
            problems.append(f"src/atelier/{relative}:{line}: {{{{ {expression} }}}}")
    assert not problems, (
        "These numbers are read by machines but printed with the reader's thousand separator "
        "(1234 becomes '1,234' or '1 234'); add |unlocalize (and {% load l10n %}):\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize(
    "source",
    [
        '<input type="hidden" name="add-resource" value="{{ resource.pk }}">',
        '<label for="reviewer-{{ application.pk }}">',
        "<a href=\"{% url 'plans:action-create' plan.slug %}?goal={{ goal.pk }}\">",
        '<article aria-labelledby="application-{{ application.id }}">',
        "<span data-notes-round=\"{{ lab.current_round_id|default:'' }}\">",
        '<li data-version="{{ note.version }}">',
        '<a href="?page={{ page.next_page_number }}">',
        '<ol start="{{ page.start_index }}">',
        '<time datetime="PT{{ episode.audio.duration_seconds }}S">',
        '<option value="{{ year }}">',
        '<details id="q-{{ forloop.counter }}">',
        '<div\n  id="x-{{ item.pk }}"{% if a > b %} hidden{% endif %}>',
        '{% localize off %}{% localize on %}<b id="{{ x.pk }}">{% endlocalize %}{% endlocalize %}',
    ],
)
def test_the_scan_flags_localised_ids_in_attributes(source):
    assert localised_machine_numbers(source)


@pytest.mark.parametrize(
    "source",
    [
        '{% load l10n %}<input value="{{ resource.pk|unlocalize }}">',
        '<a href="?goal={{ goal.pk|unlocalize }}">',
        '<span data-year="{{ resource.published_on.year|stringformat:"d" }}">',
        '{% load l10n %}{% localize off %}<li id="note-{{ note.pk }}">{% endlocalize %}',
        # Text people read keeps the reader's way of writing numbers.
        "<p>{{ resource.pk }} · {{ page.number }} · {{ entry.year }}</p>",
        '<p aria-label="{% translate "Pages" %}">{{ counter }} results</p>',
        '<li aria-label="{% blocktranslate with number=page.number %}Page {{ number }}'
        '{% endblocktranslate %}">',
        '{# <input value="{{ resource.pk }}"> #}',
        '{% comment %}<input value="{{ resource.pk }}">{% endcomment %}',
        '<input value="{{ resource.title }}" lang="{{ title.language }}">',
        '<input aria-describedby="{{ field.auto_id }}_helptext">',
    ],
)
def test_the_scan_leaves_text_and_unlocalised_numbers_alone(source):
    assert localised_machine_numbers(source) == []


def test_numbers_are_not_grouped_unless_a_template_asks():
    assert settings.USE_THOUSAND_SEPARATOR is False


@pytest.mark.parametrize("language", ["en", "bg", "pl", "ro", "sl"])
def test_unlocalize_prints_plain_digits_in_every_language(language):
    template = Template('{% load l10n %}<a href="?goal={{ pk|unlocalize }}">{{ pk }}</a>')
    with translation.override(language):
        html = template.render(Context({"pk": 1234}))
    assert html == '<a href="?goal=1234">1234</a>'


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1,234,567 · 1,234,567.50 · 1,234,567.50"),
        ("bg", "1\xa0234\xa0567 · 1\xa0234\xa0567,50 · 1\xa0234\xa0567,50"),
        ("pl", "1\xa0234\xa0567 · 1\xa0234\xa0567,50 · 1\xa0234\xa0567,50"),
        ("ro", "1.234.567 · 1.234.567,50 · 1.234.567,50"),
        ("sl", "1.234.567 · 1.234.567,50 · 1.234.567,50"),
    ],
)
def test_numbers_for_people_are_grouped_as_the_readers_language_groups_them(language, expected):
    template = Template(
        "{% load atelier humanize %}{{ count|grouped }} · {{ money|grouped:2 }} · "
        '{{ money|floatformat:"2g" }}'
    )
    with translation.override(language):
        html = template.render(Context({"count": 1234567, "money": Decimal("1234567.5")}))
    assert html == expected


@pytest.mark.parametrize(("value", "expected"), [(None, "[None]"), ("", "[]"), ("n/a", "[n/a]")])
def test_grouped_leaves_what_is_not_a_number_alone(value, expected):
    template = Template("{% load atelier %}[{{ value|grouped }}]")
    assert template.render(Context({"value": value})) == expected
