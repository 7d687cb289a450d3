"""The expert pool's API router: the public directory, showing only what each expert shows."""

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_countries import countries
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from atelier.core.api import Pagination
from atelier.core.languages import CONTENT_LANGUAGES

from . import queries
from .areas import AREA_SLUGS
from .models import ExpertProfile

router = Router(tags=["experts"])
Visible = ExpertProfile.Visible


class LanguageOut(Schema):
    code: str
    level: str


class EcocCityOut(Schema):
    city: str
    year: int | None = None


def _shown(obj, field, value):
    return value if field in obj.visible_fields else None


class ExpertOut(Schema):
    """Hidden fields are null; the CV is never part of the API."""

    id: int
    name: str
    url: str
    areas: list[str] | None
    keywords: list[str] | None
    languages: list[LanguageOut] | None
    countries: list[str] | None
    ecoc_experience: bool | None
    availability: str | None
    available_from: date | None
    available_until: date | None

    @staticmethod
    def resolve_name(obj):
        return str(obj.user.display_name_or_fallback)

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_areas(obj):
        return _shown(obj, Visible.AREAS, obj.areas)

    @staticmethod
    def resolve_keywords(obj):
        return _shown(obj, Visible.KEYWORDS, obj.keywords)

    @staticmethod
    def resolve_languages(obj):
        languages = [
            {"code": entry["code"], "level": entry.get("level", "")}
            for entry in obj.languages
            if entry.get("code")
        ]
        return _shown(obj, Visible.LANGUAGES, languages)

    @staticmethod
    def resolve_countries(obj):
        return _shown(obj, Visible.COUNTRIES, obj.countries)

    @staticmethod
    def resolve_ecoc_experience(obj):
        return _shown(obj, Visible.ECOC, obj.has_ecoc_experience)

    @staticmethod
    def resolve_availability(obj):
        return _shown(obj, Visible.AVAILABILITY, obj.availability)

    @staticmethod
    def resolve_available_from(obj):
        return _shown(obj, Visible.AVAILABILITY, obj.available_from)

    @staticmethod
    def resolve_available_until(obj):
        return _shown(obj, Visible.AVAILABILITY, obj.available_until)


class ExpertDetailOut(ExpertOut):
    ecoc_cities: list[EcocCityOut] | None
    ecoc_text: str | None
    daily_rate: str | None
    currency: str | None
    bio: str | None
    bio_language: str | None

    @staticmethod
    def resolve_ecoc_cities(obj):
        return _shown(obj, Visible.ECOC, obj.ecoc_cities)

    @staticmethod
    def resolve_ecoc_text(obj):
        return _shown(obj, Visible.ECOC, obj.ecoc_experience)

    @staticmethod
    def resolve_daily_rate(obj):
        rate = str(obj.daily_rate) if obj.daily_rate is not None else None
        return _shown(obj, Visible.DAILY_RATE, rate)

    @staticmethod
    def resolve_currency(obj):
        return _shown(obj, Visible.DAILY_RATE, obj.currency if obj.daily_rate is not None else None)

    @staticmethod
    def resolve_bio(obj):
        return _shown(obj, Visible.BIO, obj.bio.text or None)

    @staticmethod
    def resolve_bio_language(obj):
        return _shown(obj, Visible.BIO, obj.bio.language or None)


def _one_of(values):
    """Documents the accepted values; ``_checked`` refuses others with a translated message."""
    return Field("", json_schema_extra={"enum": ["", *sorted(values)]})


class ExpertFilters(FilterSchema):
    area: str = _one_of(AREA_SLUGS)
    language: str = _one_of(CONTENT_LANGUAGES)
    country: str = Field("", description="ISO 3166 code")
    ecoc: bool = False
    availability: str = _one_of(ExpertProfile.Availability.values)


def _checked(filters):
    data = filters.model_dump()
    data["country"] = data["country"].upper()
    data["language"] = data["language"].lower()
    if data["area"] and data["area"] not in AREA_SLUGS:
        raise HttpError(400, _("“%(area)s” is not an area of expertise.") % {"area": data["area"]})
    if data["language"] and data["language"] not in CONTENT_LANGUAGES:
        raise HttpError(
            400, _("“%(code)s” is not a language we know.") % {"code": data["language"]}
        )
    if data["country"] and data["country"] not in dict(countries):
        raise HttpError(
            400, _("“%(code)s” is not a country code we know.") % {"code": data["country"]}
        )
    if data["availability"] and data["availability"] not in ExpertProfile.Availability.values:
        raise HttpError(
            400,
            _("Availability is one of: %(values)s.")
            % {"values": ", ".join(ExpertProfile.Availability.values)},
        )
    return data


@router.get("/", response=list[ExpertOut], auth=None, summary="List experts")
@paginate(Pagination, page_size=50)
def list_experts(request, filters: Query[ExpertFilters]):
    """Public: listed experts by name, filtered by area slug, language code, country of
    experience (ISO code), ECoC experience and availability. Each filter and field looks only at
    what the expert chose to show; hidden fields are null."""
    if not request.user.has_perm("experts.browse_experts"):
        raise HttpError(403, _("You may not browse experts."))
    return queries.directory(**_checked(filters))


@router.get("/{int:pk}", response=ExpertDetailOut, auth=None, summary="One expert")
def get_expert(request, pk: int):
    """Public: a listed expert, with only the fields they chose to show. Never the CV."""
    if not request.user.has_perm("experts.browse_experts"):
        raise HttpError(403, _("You may not browse experts."))
    return get_object_or_404(queries.listed_experts(), pk=pk)
