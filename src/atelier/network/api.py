"""The network's API router: organisations, with filters and pagination."""

from django.shortcuts import get_object_or_404
from ninja import FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from atelier.core.api import Pagination

from . import queries
from .models import Organisation

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    name: str
    name_language: str
    acronym: str
    kind: str
    country: str
    city: str
    website: str
    latitude: float | None
    longitude: float | None
    sectors: list[str]
    url: str

    @staticmethod
    def resolve_name(obj):
        return obj.name.text

    @staticmethod
    def resolve_name_language(obj):
        return obj.name.language

    @staticmethod
    def resolve_country(obj):
        return obj.country.code or ""

    @staticmethod
    def resolve_sectors(obj):
        return [sector.slug for sector in obj.sectors.all()]

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class OrganisationDetailOut(OrganisationOut):
    address: str
    description: dict

    @staticmethod
    def resolve_description(obj):
        return obj.description.to_json() if obj.description else {}


class OrganisationFilters(FilterSchema):
    q: str = ""
    country: str = ""
    kind: str = ""
    sector: str = ""
    programme: str = ""


@router.get("/", response=list[OrganisationOut], auth=None, summary="List organisations")
@paginate(Pagination, page_size=50)
def list_organisations(request, filters: Query[OrganisationFilters]):
    """Public: every organisation, filtered by text, country (ISO code), type, sector slug and
    programme slug."""
    data = filters.model_dump()
    data["country"] = data["country"].upper()
    return queries.organisation_list(**data)


@router.get(
    "/{int:organisation_id}", response=OrganisationDetailOut, auth=None, summary="One organisation"
)
def get_organisation(request, organisation_id: int):
    """Public."""
    return get_object_or_404(Organisation.objects.prefetch_related("sectors"), pk=organisation_id)
