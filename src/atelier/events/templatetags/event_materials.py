"""``{% published_materials event as materials %}``: an event's published library materials."""

from django import template

from atelier.events.services.materials import published_materials as _published_materials

register = template.Library()


@register.simple_tag
def published_materials(event):
    return list(_published_materials(event))
