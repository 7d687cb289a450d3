"""Template tags of labs: one's labs on ``/me/`` and an event's labs on its page."""

from django import template

from atelier.labs import queries

register = template.Library()


@register.simple_tag
def my_labs(person, limit=5):
    """The labs a person runs or joined, newest first, and whether there are more."""
    labs = list(queries.labs_of(person)[: limit + 1])
    return {"labs": labs[:limit], "more": len(labs) > limit}


@register.simple_tag
def event_labs(event, user):
    """The event's labs this signed-in person runs or joined; nothing for visitors."""
    if user is None or not user.is_authenticated:
        return []
    return list(queries.event_labs(event, user))
