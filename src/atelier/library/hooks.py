"""What the library adds to other apps: the home section, account export and erasure."""

from django.urls import reverse_lazy


def register():
    from atelier.accounts.services import register_exporter
    from atelier.core.home import register_section

    from . import queries

    register_section(
        "library",
        provider=queries.home_resources,
        template="library/home_section.html",
        more_url=reverse_lazy("library:list"),
    )
    register_exporter("library_contributions", _export_contributions)
    register_exporter("notifications", _export_notifications)


def _export_contributions(user):
    from .models import Resource

    return [
        {
            "title": resource.title.to_json(),
            "type": resource.kind,
            "status": resource.status,
            "url": resource.get_absolute_url(),
            "created": resource.created.isoformat(),
            "history": [
                {"action": step.action, "message": step.message, "when": step.created.isoformat()}
                for step in resource.history.all()
            ],
        }
        for resource in Resource.objects.filter(contributor=user).prefetch_related("history")
    ]


def _export_notifications(user):
    from atelier.notifications.models import Notification

    return [
        {
            "title": notification.title,
            "message": notification.body,
            "url": notification.url,
            "created": notification.created.isoformat(),
            "read": notification.read_at.isoformat() if notification.read_at else None,
        }
        for notification in Notification.objects.filter(recipient=user)
    ]
