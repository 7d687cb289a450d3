"""``{% may_moderate as flag %}``: whether the signed-in person has a review queue.

Tests the library's rule alone, so a member's page does not also load Django's model
permissions just to hide one link.
"""

import rules
from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def may_moderate(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and rules.has_perm("library.view_moderation_queue", user)
