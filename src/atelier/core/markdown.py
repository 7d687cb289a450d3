"""Text people wrote, put into a Markdown document as text: a Markdown reader shows it as
written and makes no HTML, link, image or heading of it."""

import re

# CommonMark turns none of these into markup once backslash-escaped. "<" opens raw HTML and
# autolinks, "[" "]" "(" ")" "!" links and images, "&" character references; the others are
# emphasis, code, tables, strikethrough and maths of the common dialects.
_INLINE = re.compile(r"([\\`*_{}\[\]<>()#!|~&$^])")
# At the start of a line these begin a list, a quote or a heading underline.
_LINE_START = re.compile(r"^([-+=])")
_ORDERED_LIST = re.compile(r"^(\d+)([.)])")


def escape(text):
    """``text`` on one line with every Markdown construct escaped. Line breaks become spaces:
    in a list item or heading a line break could start a block of its own."""
    text = " ".join(str(text or "").split())
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\\\1", text)
    return _ORDERED_LIST.sub(r"\1\\\2", text)
