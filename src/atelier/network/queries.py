"""The read path of the network: organisations and the people directory."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from atelier.core import search_registry
from atelier.core.multilingual import MultilingualText

from .models import Organisation, normalise_name

# Apps built on the network (programmes) say how organisations relate to them, so this app
# need not know them: ``register_programme_filter(picker, apply)``, ``picker`` naming the
# core picker source the filter offers programmes from (by slug).
_PROGRAMME_FILTER = {"picker": None, "apply": None}
# ... and what an organisation's page shows about them: name -> callable(organisation) -> dict.
_ORGANISATION_SECTIONS = {}


def register_programme_filter(*, picker, apply):
    _PROGRAMME_FILTER["picker"] = picker
    _PROGRAMME_FILTER["apply"] = apply


def programme_picker():
    """The picker source of the programme filter, or None when no app offers one."""
    return _PROGRAMME_FILTER["picker"]


def register_organisation_section(name, *, provider, template):
    _ORGANISATION_SECTIONS[name] = (provider, template)


def organisation_sections(organisation):
    return [
        {"name": name, "template": template, "context": provider(organisation)}
        for name, (provider, template) in _ORGANISATION_SECTIONS.items()
    ]


def organisations():
    """Every organisation is public."""
    return Organisation.objects.all()


def named(q):
    """Organisations whose name (case and accents aside) holds ``q``, whose acronym is ``q``,
    or whose city holds it."""
    return (
        Q(normalised_name__contains=normalise_name(q))
        | Q(acronym__iexact=q.strip())
        | Q(city__icontains=q.strip())
    )


def filter_organisations(queryset, *, q="", country="", kind="", sector="", programme=""):
    if q:
        queryset = queryset.filter(named(q))
    if country:
        queryset = queryset.filter(country=country)
    if kind:
        queryset = queryset.filter(kind=kind)
    if sector:
        queryset = queryset.filter(sectors__slug=sector)
    if programme and _PROGRAMME_FILTER["apply"]:
        queryset = _PROGRAMME_FILTER["apply"](queryset, programme)
    if sector or programme:
        queryset = queryset.distinct()
    return queryset


def organisation_list(**filters):
    """Organisations for a list page: the columns a row shows, and its sectors in one query."""
    return filter_organisations(organisations(), **filters).prefetch_related("sectors")


def searched(queryset, q):
    """``queryset`` narrowed to the organisations ``q`` finds, as the list's query box finds
    them: by meaning and by words through the search, and by part of a name (``named``)."""
    return queryset.filter(
        pk__in=search_registry.matching(queryset, "organisation", q, also=named(q))
    )


def map_points(queryset, language=None, limit=5000):
    """Organisations with coordinates as small dicts for the map."""
    rows = (
        queryset.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by()
        .values_list("pk", "name", "city", "country", "latitude", "longitude")[:limit]
    )
    return [
        {
            "id": pk,
            "name": MultilingualText.from_json(name).for_reader(language).text,
            "city": city,
            "country": str(country),
            "lat": float(lat),
            "lng": float(lng),
        }
        for pk, name, city, country, lat, lng in rows
    ]


def people():
    """Members who chose to be listed."""
    return get_user_model().objects.filter(is_public=True, is_active=True, erased_at__isnull=True)


def people_list(*, q="", country="", language="", interest=""):
    queryset = people().prefetch_related("interests")
    if q:
        queryset = queryset.filter(
            Q(display_name__icontains=q) | Q(organisation__icontains=q) | Q(bio__icontains=q)
        )
    if country:
        queryset = queryset.filter(country=country)
    if language:
        # JSON lists: the quoted code matches one element, on SQLite and PostgreSQL alike.
        queryset = queryset.filter(languages__icontains=f'"{language}"')
    if interest:
        queryset = queryset.filter(interests__slug=interest).distinct()
    return queryset.order_by("display_name", "pk")
