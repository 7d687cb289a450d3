"""Actions that delete, cancel or withdraw ask first and say what will happen.

The action's URL answers GET with a confirmation page (no JavaScript needed) and does the
action on POST. A link made by ``{% include "core/confirm_link.html" %}`` opens the same
question in a dialog instead when htmx is there (``atelier/confirm.js`` opens it).
"""

from django.shortcuts import render


def confirm_page(request, *, title, message, button, cancel_url, action=None, fields=None):
    """The question for the action at ``action`` (this URL by default), answered by POST with
    ``fields`` as hidden inputs; ``cancel_url`` leads back."""
    template = "core/confirm.html"
    if request.headers.get("HX-Request"):
        template += "#dialog"
    return render(
        request,
        template,
        {
            "confirm": {
                "title": title,
                "message": message,
                "button": button,
                "action": action or request.get_full_path(),
                "cancel_url": cancel_url,
                "fields": sorted((fields or {}).items()),
            }
        },
    )
