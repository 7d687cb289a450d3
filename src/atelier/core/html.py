"""The one sanitiser of the HTML people write, the one test of the links they give, and how a
page shows what they wrote.

Everything a person writes reaches a page either escaped by the template or through ``clean``:
its allow-list keeps a few formatting tags and, on links, only an http(s) address or a path of
this site. No ``hx-*``, ``data-*``, ``on*``, ``style``, ``formaction`` or ``srcdoc`` attribute
is on the list, and a script or style someone wrote is shown as the text they wrote. ``render``
also wraps the result in ``hx-disable``, so HTMX would ignore it even if the list grew wrong.
"""

import html as html_module
import re
from urllib.parse import urlsplit

import nh3
from django.utils.html import format_html
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "ul", "ol", "li", "blockquote", "h2", "h3",
    "h4", "a", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": {"colspan", "rowspan"}}
LINK_ATTRIBUTES = {"href"}

# A script or style element, up to its end tag (or the end of the text, when it has none).
_SHOWN_AS_TEXT = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)

# Browsers drop tabs and line breaks inside a URL and read a backslash as a slash, so
# "/\evil.invalid" or "/<tab>/evil.invalid" leads to another host; such an address is refused
# whole rather than repaired.
_UNSAFE_URL_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")


def is_safe_url(value, schemes=("http", "https")):
    """Whether ``value`` is an absolute address with one of ``schemes`` and a host, or a path
    of this site starting with a single ``/``; never ``javascript:``, ``//host`` or ``/\\host``."""
    if not value or _UNSAFE_URL_CHARACTERS.search(value):
        return False
    if value.startswith("/"):
        return not value.startswith("//")
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    has_authority = value[len(parts.scheme) :].startswith("://")
    return parts.scheme.lower() in schemes and has_authority and bool(parts.hostname)


def _keep_safe_links(tag, attribute, value):
    if attribute in LINK_ATTRIBUTES and not is_safe_url(value):
        return None
    return value


def clean(html):
    """Sanitised HTML: only ``ALLOWED_TAGS`` and ``ALLOWED_ATTRIBUTES``, links only to http(s)
    addresses and paths of this site. A script or style element becomes text, as written."""
    html = _SHOWN_AS_TEXT.sub(lambda match: html_module.escape(match.group(0)), html or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_safe_links,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def to_text(html):
    """The words of sanitised HTML, for the search index."""
    return nh3.clean(html or "", tags=set()).strip()


def render(html):
    """``html`` sanitised, for a page: inside an ``hx-disable`` element, so that HTMX never
    acts on anything in it."""
    return format_html('<div class="user-html" hx-disable>{}</div>', mark_safe(clean(html)))  # noqa: S308 - sanitised just now
