"""The programmes' API router: programmes with filters and pagination, and one in detail."""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from atelier.core.api import Pagination

from . import queries

router = Router(tags=["programmes"])


class ProgrammeOut(Schema):
    slug: str
    title: str
    title_language: str
    acronym: str
    funding_programme: str
    funding_strand: str
    action_type: str
    identifier: str | None
    start_date: date | None
    end_date: date | None
    status: str
    total_budget: Decimal | None
    eu_contribution: Decimal | None
    cofinancing_rate: Decimal | None
    website: str
    url: str

    @staticmethod
    def resolve_title(obj):
        return obj.title.text

    @staticmethod
    def resolve_title_language(obj):
        return obj.title.language

    @staticmethod
    def resolve_status(obj):
        return str(obj.status.value)

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class PartnerOut(Schema):
    organisation_id: int
    name: str
    country: str
    role: str
    budget: Decimal | None

    @staticmethod
    def resolve_name(obj):
        return obj.organisation.name.text

    @staticmethod
    def resolve_country(obj):
        return obj.organisation.country.code or ""


class ProgrammeDetailOut(ProgrammeOut):
    title_translations: dict
    description: dict
    computed_cofinancing_rate: Decimal | None
    duration_months: int | None
    themes: list[str]
    partners: list[PartnerOut]

    @staticmethod
    def resolve_title_translations(obj):
        return obj.title.translations

    @staticmethod
    def resolve_description(obj):
        return obj.description.to_json() if obj.description else {}

    @staticmethod
    def resolve_duration_months(obj):
        return obj.months

    @staticmethod
    def resolve_themes(obj):
        return [theme.slug for theme in obj.themes.all()]

    @staticmethod
    def resolve_partners(obj):
        return list(queries.partners_of(obj))


class ProgrammeFilters(FilterSchema):
    q: str = ""
    funding: str = ""
    status: str = ""
    theme: str = ""
    country: str = ""


@router.get("/", response=list[ProgrammeOut], auth=None, summary="List programmes")
@paginate(Pagination, page_size=50)
def list_programmes(request, filters: Query[ProgrammeFilters]):
    """Public: programmes filtered by text, funding programme, status (upcoming, running,
    past), theme slug and partner country (ISO code)."""
    data = filters.model_dump()
    data["country"] = data["country"].upper()
    return queries.programme_list(**data)


@router.get("/{slug}", response=ProgrammeDetailOut, auth=None, summary="One programme")
def get_programme(request, slug: str):
    """Public: a published or ended programme with its partners (a draft is its team's)."""
    return get_object_or_404(queries.programmes().prefetch_related("themes"), slug=slug)
