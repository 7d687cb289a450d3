"""What programmes add to other apps' pages: the home section, organisation filters."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


def register():
    from atelier.core.home import register_section
    from atelier.network import queries as network_queries

    from . import queries

    register_section(
        "programmes",
        provider=queries.home_programmes,
        template="programmes/home_section.html",
        more_url=reverse_lazy("programmes:list"),
    )
    network_queries.register_programme_filter(choices=_programme_choices, apply=_by_programme)
    from atelier.core.search_registry import register as register_search

    register_search(_search_source())
    network_queries.register_organisation_section(
        "programmes",
        provider=lambda organisation: {
            "partnerships": list(queries.programmes_of_organisation(organisation)),
            "title": _("Programmes"),
        },
        template="programmes/organisation_programmes.html",
    )


def _programme_choices():
    from atelier.core.multilingual import MultilingualText

    from .models import Programme

    rows = Programme.objects.order_by("slug").values_list("slug", "acronym", "title")
    choices = []
    for slug, acronym, title in rows:
        name = MultilingualText.from_json(title).for_reader().text
        label = f"{acronym} – {name}" if acronym and acronym != name else name
        choices.append((slug, label[:90]))
    return sorted(choices, key=lambda choice: choice[1].casefold())


def _by_programme(queryset, slug):
    return queryset.filter(partnerships__programme__slug=slug)


def _search_source():
    from django.utils.translation import gettext_lazy as _

    from atelier.core.search_registry import Document, Source

    from . import queries
    from .models import Programme

    def document(programme):
        years = "–".join(
            str(date.year) for date in (programme.start_date, programme.end_date) if date
        )
        return Document(
            title=programme.title,
            summary=programme.description,
            body=" ".join(part for part in (programme.area.text, programme.scope.text) if part),
            keywords=" ".join(
                part for part in (programme.acronym, programme.identifier, programme.slug) if part
            ),
            url=programme.get_absolute_url(),
            details=[part for part in (programme.acronym, years) if part],
        )

    return Source(
        kind="programme",
        label=_("Programmes"),
        model=Programme,
        public=queries.programmes,
        document=document,
    )
