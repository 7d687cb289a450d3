"""Template helpers: multilingual text, what a reader should know about it, and HTML people
wrote."""

from django import template
from django.utils import formats

from atelier.core import html
from atelier.core.multilingual import MultilingualText

register = template.Library()


@register.filter
def grouped(value, decimal_pos=None):
    """A number people read, with thousands grouped as the reader's language groups them
    ("12,345" in English, "12 345" in Bulgarian and Polish, "12.345" in Romanian).

    USE_THOUSAND_SEPARATOR is off so that ids, page numbers and years print as plain digits
    everywhere; counts, money and figures go through this filter where they are shown. A
    value that is not a number (None, "") prints as it is.
    """
    if value is None or value == "" or isinstance(value, bool):
        return value
    try:
        return formats.number_format(value, decimal_pos, use_l10n=True, force_grouping=True)
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.simple_tag(takes_context=True)
def rendition(context, value):
    """``{% rendition obj.title as title %}``: the reader's version of a multilingual text."""
    request = context.get("request")
    language = getattr(request, "LANGUAGE_CODE", None)
    return MultilingualText.from_json(value).for_reader(language)


@register.inclusion_tag("includes/rendition_note.html", takes_context=True)
def rendition_note(context, rendition):
    """Says which language the reader sees and who translated it."""
    request = context.get("request")
    return {"r": rendition, "reader_language": getattr(request, "LANGUAGE_CODE", None)}


@register.filter
def user_html(value):
    """``{{ body.text|user_html }}``: HTML a person wrote, sanitised at every showing and
    wrapped in ``hx-disable`` (``core.html.render``); never ``|safe``."""
    return html.render(str(value or ""))


@register.filter
def safe_url(value):
    """``href="{{ organisation.website|safe_url }}"``: an address a person gave, if it is an
    http(s) address or a path of this site (``core.html.is_safe_url``); otherwise nothing, so
    that a ``javascript:`` or ``//host`` that got past a form never becomes a link."""
    value = str(value or "")
    return value if html.is_safe_url(value) else ""
