"""Template tags of calls: one's applications on ``/me/``."""

from django import template

from atelier.calls import queries

register = template.Library()


@register.simple_tag
def my_applications(person):
    return queries.my_applications_summary(person)
