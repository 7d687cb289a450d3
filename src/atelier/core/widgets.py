"""Widgets drawn in Python where Django's templates cost too much."""

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def attributes(attrs):
    """HTML attributes, escaped, as django/forms/widgets/attrs.html writes them: False (and
    None) leave the attribute out, True writes its name."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class Select(forms.Select):
    """Django's Select, the same HTML without a template per option: a filter's country list
    (some 250 options) took longer to draw than the rest of its page."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), attributes(widget["attrs"])]
        parts.append(">")
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                parts.append(format_html('<option value="{}"', str(option["value"])))
                parts.append(attributes(option["attrs"]))
                parts.append(">")
                parts.append(conditional_escape(option["label"]))
                parts.append("</option>")
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))
