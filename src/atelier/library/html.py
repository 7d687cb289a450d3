"""Rich text members write: sanitised to a small set of tags; other tags are dropped, and a
script or style someone wrote is shown as the text they wrote."""

import html as html_module
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "ul", "ol", "li", "blockquote", "h2", "h3",
    "h4", "a", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": {"colspan", "rowspan"}}


# A script or style element, up to its end tag (or the end of the text, when it has none).
_SHOWN_AS_TEXT = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)


def clean(html):
    """Sanitised HTML: no scripts, styles, event handlers or javascript: links. A script or
    style element becomes text, as written."""
    html = _SHOWN_AS_TEXT.sub(lambda match: html_module.escape(match.group(0)), html or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def to_text(html):
    """The words of sanitised HTML, for the search index."""
    return nh3.clean(html or "", tags=set()).strip()
