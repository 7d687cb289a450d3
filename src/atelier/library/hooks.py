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
    from atelier.core.search_registry import register as register_search

    register_search(_search_source())


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


def _search_source():
    from django.utils.translation import gettext_lazy as _

    from atelier.core.search_registry import Document, Source

    from . import queries
    from .models import Resource, ResourceAuthor, ResourceFile

    def public():
        return (
            queries.published()
            .select_related("programme")
            .prefetch_related("files", "authors__organisation", "authors__person")
        )

    def document(resource):
        files = " ".join(f.extracted_text for f in resource.files.all() if f.extracted_text)
        authors = " ".join(author.display_name for author in resource.authors.all())
        date = resource.published_on or (resource.published_at and resource.published_at.date())
        details = [resource.get_kind_display()]
        if resource.programme_id:
            details.append(resource.programme.acronym or resource.programme.slug)
        if date:
            details.append(str(date.year))
        return Document(
            title=resource.title,
            summary=resource.abstract,
            body=" ".join(part for part in (resource.body.text, files) if part),
            keywords=" ".join(
                part
                for part in (authors, resource.programme and resource.programme.acronym)
                if part
            ),
            url=resource.get_absolute_url(),
            details=details,
        )

    return Source(
        kind="resource",
        label=_("Resources"),
        model=Resource,
        public=public,
        document=document,
        related={
            ResourceFile: lambda file: [file.resource_id],
            ResourceAuthor: lambda author: [author.resource_id],
        },
    )
