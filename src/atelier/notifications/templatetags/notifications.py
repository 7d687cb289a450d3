"""``{% unread_notifications as count %}``: how many notifications someone has not read."""

from django import template

from atelier.notifications import services

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return 0
    return services.unread_count(user)
