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
    from atelier.programmes.queries import register_programme_picker

    register_programme_picker("library.curated", queries.curated_programmes)


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


# A resource's files' text kept in the index; PostgreSQL caps a tsvector at 1 MB.
MAX_FILES_CHARS = 400_000


def _texts(value):
    return value.all_texts() if value else []


def _plain(html_text):
    import html

    from atelier.core import html as user_html

    return html.unescape(user_html.to_text(html_text or ""))


def _search_source():
    from django.db.models import Prefetch
    from django.utils.translation import gettext_lazy as _

    from atelier.core.search_registry import Document, Source

    from . import queries
    from .models import Resource, ResourceAuthor, ResourceFile

    def public():
        return (
            queries.published()
            .select_related("programme", "podcast")
            .prefetch_related(
                "themes",
                "sectors",
                Prefetch("files", queryset=ResourceFile.objects.order_by("position", "pk")),
                Prefetch(
                    "authors",
                    queryset=ResourceAuthor.objects.select_related("organisation", "person"),
                ),
            )
        )

    def document(resource):
        files = "\n".join(f.extracted_text for f in resource.files.all() if f.extracted_text)
        files = files[:MAX_FILES_CHARS]
        authors = [str(author.display_name) for author in resource.authors.all()]
        date = resource.published_on or (resource.published_at and resource.published_at.date())
        details = [resource.get_kind_display()]
        if resource.programme_id:
            details.append(resource.programme.acronym or resource.programme.slug)
        if date:
            details.append(str(date.year))
        # Found by words alone: every language of the body, who made it, where it belongs.
        translations = resource.body.translations.values() if resource.body else ()
        keywords = [*authors, *(_plain(entry.get("text", "")) for entry in translations)]
        if resource.programme_id:
            keywords.append(resource.programme.acronym)
            keywords.extend(_texts(resource.programme.title))
        if resource.podcast_id:
            keywords.extend(_texts(resource.podcast.title))
        facets = {
            "kind": [resource.kind],
            "licence": [resource.licence],
            "theme": [theme.slug for theme in resource.themes.all()],
            "sector": [sector.slug for sector in resource.sectors.all()],
            "lang": list(resource.languages or ()),
            "country": [country.code for country in resource.countries or ()],
            "programme": [resource.programme.slug] if resource.programme_id else [],
            "year": [str(date.year)] if date else [],
        }
        return Document(
            title=resource.title,
            summary=resource.abstract,
            body="\n".join(
                part
                for part in (_plain(resource.body.text if resource.body else ""), files)
                if part
            ),
            keywords=" ".join(part for part in keywords if part),
            url=resource.get_absolute_url(),
            details=details,
            facets=facets,
            date=resource.published_at,
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
        facets=queries.FACETS,
        facet_labels=_facet_labels,
        # Every resource: the index keeps the published ones. (A status condition would lead
        # SQLite to sort them all rather than walk the download counts' index.)
        orders={
            "downloads": lambda: Resource.objects.order_by(
                "-download_count", "-published_at", "-pk"
            )
        },
    )


def _facet_labels(values_by_facet):
    """A function giving the reader's label of a facet value."""
    from django_countries import countries

    from atelier.core.languages import language_name
    from atelier.core.models import Theme
    from atelier.core.multilingual import MultilingualText
    from atelier.network.models import Sector
    from atelier.programmes.models import Programme

    from .models import Kind, Licence

    programmes = {}
    if values_by_facet.get("programme"):
        for slug, acronym, title in Programme.objects.filter(
            slug__in=list(values_by_facet["programme"])
        ).values_list("slug", "acronym", "title"):
            programmes[slug] = acronym or MultilingualText.from_json(title).for_reader().text
    kinds, licences = dict(Kind.choices), dict(Licence.choices)

    def label(name, value):
        if name == "kind":
            return kinds.get(value, value)
        if name == "licence":
            return licences.get(value, value)
        if name == "theme":
            return Theme(slug=value).label
        if name == "sector":
            return Sector(slug=value).label
        if name == "lang":
            return language_name(value)
        if name == "country":
            # A code from the address may be anything: django-countries takes a string of
            # digits for a numeric code and fails on digits that are not ASCII ("¹").
            return (countries.name(value) if value.isascii() else "") or value
        if name == "programme":
            return programmes.get(value, value)
        return value

    return label
