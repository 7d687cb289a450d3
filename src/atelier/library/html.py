"""Rich text members write: sanitised to a small set of tags; everything else is dropped."""

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "ul", "ol", "li", "blockquote", "h2", "h3",
    "h4", "a", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": {"colspan", "rowspan"}}


def clean(html):
    """Sanitised HTML: no scripts, styles, event handlers or javascript: links."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def to_text(html):
    """The words of sanitised HTML, for the search index."""
    return nh3.clean(html or "", tags=set()).strip()
