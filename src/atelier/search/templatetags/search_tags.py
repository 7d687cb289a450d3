from django import template

from atelier.core.languages import language_name

register = template.Library()


@register.filter
def language_label(code):
    return language_name(code) if code else ""
