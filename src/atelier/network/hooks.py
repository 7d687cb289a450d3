"""What the network adds to other apps: its organisations in the search."""


def register():
    from atelier.core.search_registry import register as register_search

    register_search(_search_source())


def _search_source():
    from django.utils.translation import gettext_lazy as _

    from atelier.core.search_registry import Document, Source

    from . import queries
    from .models import Organisation

    def document(organisation):
        return Document(
            title=organisation.name,
            summary=organisation.description,
            keywords=" ".join(part for part in (organisation.acronym, organisation.city) if part),
            url=organisation.get_absolute_url(),
            details=[organisation.city] if organisation.city else [],
        )

    return Source(
        kind="organisation",
        label=_("Organisations"),
        model=Organisation,
        public=queries.organisations,
        document=document,
    )
