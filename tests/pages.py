"""Read a rendered page as a browser would: its forms, and what its labels point at."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# HTML splits id lists on ASCII whitespace only: a no-break space is part of an id.
_ID_LIST = re.compile(r"[ \t\n\f\r]+")


@dataclass
class Form:
    method: str
    action: str
    # The value each named input sends as the page stands (checked boxes, selected options).
    inputs: dict = field(default_factory=dict)
    # The values a select's options, or a group of checkboxes or radios, can send.
    options: dict = field(default_factory=dict)


class Page(HTMLParser):
    """The forms and links of a page, its element ids, and every id that ``for``,
    ``aria-labelledby`` and ``aria-describedby`` refer to."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.links = []
        self.ids = []
        self.references = []
        self._form = None
        self._select = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if "for" in attrs and tag == "label":
            self.references.append(attrs["for"])
        for name in ("aria-labelledby", "aria-describedby"):
            self.references.extend(i for i in _ID_LIST.split(attrs.get(name) or "") if i)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form":
            self._form = Form(
                method=(attrs.get("method") or "get").lower(), action=attrs.get("action") or ""
            )
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                self._form.options.setdefault(attrs["name"], []).append(attrs.get("value"))
            if kind not in {"checkbox", "radio", "submit"} or "checked" in attrs:
                self._form.inputs[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self._form.options.setdefault(self._select, [])
        elif tag == "option" and self._select:
            self._form.options[self._select].append(attrs.get("value"))
            if "selected" in attrs:
                self._form.inputs[self._select] = attrs.get("value")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None

    def forms_with(self, inputs):
        """The forms whose inputs hold these values, e.g. ``{"action": "assign"}``."""
        return [
            form
            for form in self.forms
            if all(form.inputs.get(name) == value for name, value in inputs.items())
        ]

    def dangling_references(self):
        """References to ids that no element of the page has."""
        return sorted(set(self.references) - set(self.ids))
