"""What the network adds to other apps: its organisations in the search and in pickers."""


def register():
    from atelier.core import pickers
    from atelier.core.search_registry import register as register_search

    register_search(_search_source())
    pickers.register("network.organisations", _organisation_picker())


def _organisation_picker():
    from django.utils.translation import gettext_lazy as _

    from atelier.core.pickers import Source

    from . import queries

    def label(organisation):
        name = organisation.name.for_reader().text
        place = ", ".join(
            str(part) for part in (organisation.city, organisation.country.name) if part
        )
        return f"{name} ({place})" if place else name

    return Source(
        queryset=lambda user: queries.organisations().order_by("normalised_name", "pk"),
        search=lambda queryset, query: queries.filter_organisations(queryset, q=query),
        label=label,
        browse=False,
        search_label=_("Find an organisation by name, acronym or city"),
        empty_label=_("Type a name in the search box first"),
    )


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
