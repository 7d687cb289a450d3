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
