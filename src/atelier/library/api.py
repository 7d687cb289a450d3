"""The library's API router: search and read resources, list podcasts, contribute.

Reading is public (a resource one may not see answers 404, as its page does). Contributing
needs a signed-in session (with its CSRF token) and calls the same services as the pages, so
the same checks, moderation and notifications apply; bad input answers 400 with the
reasons in the reader's language, and nothing is stored.
"""

import json
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries import countries
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.security import django_auth
from pydantic import ValidationError as SchemaError

from atelier.core.api import Pagination
from atelier.core.languages import CONTENT_LANGUAGES
from atelier.core.multilingual import MultilingualText

from . import feeds, queries, services
from .models import Audience, Podcast, Resource, ResourceFile, Status

router = Router(tags=["library"])


# Schemas -----------------------------------------------------------------------------------


class FileOut(Schema):
    id: int
    role: str
    name: str
    mime_type: str
    size: int
    language: str
    duration_seconds: int | None
    url: str | None = Field(
        description="Where to fetch the file; null for a reader who may see the resource but "
        "not fetch its files (a coordinator, before it is published)."
    )

    @staticmethod
    def resolve_name(obj):
        return obj.label or obj.original_name

    @staticmethod
    def resolve_url(obj):
        if not getattr(obj, "may_download", True):
            return None
        return reverse("library:file", args=[obj.pk])


class ResourceOut(Schema):
    id: int
    kind: str
    title: str
    title_language: str
    abstract: str
    status: str
    programme: str | None
    languages: list[str]
    licence: str
    licence_url: str
    external_url: str
    published_on: date | None
    published_at: datetime | None
    download_count: int
    podcast: str | None
    season: int | None
    episode_number: int | None
    url: str
    snippet: str | None = None

    @staticmethod
    def resolve_title(obj):
        return obj.title.text

    @staticmethod
    def resolve_title_language(obj):
        return obj.title.language

    @staticmethod
    def resolve_abstract(obj):
        return obj.abstract.text if obj.abstract else ""

    @staticmethod
    def resolve_programme(obj):
        return obj.programme.slug if obj.programme_id else None

    @staticmethod
    def resolve_podcast(obj):
        return obj.podcast.slug if obj.podcast_id else None

    @staticmethod
    def resolve_licence_url(obj):
        return obj.licence_link

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class AuthorOut(Schema):
    name: str
    organisation_id: int | None


class ResourceDetailOut(ResourceOut):
    title_translations: dict
    abstract_translations: dict
    body: dict
    themes: list[str]
    sectors: list[str]
    audience: list[str]
    countries: list[str]
    authors: list[AuthorOut]
    files: list[FileOut]
    explicit: bool

    @staticmethod
    def resolve_title_translations(obj):
        return {k: v.get("text", "") for k, v in obj.title.translations.items()}

    @staticmethod
    def resolve_abstract_translations(obj):
        if not obj.abstract:
            return {}
        return {k: v.get("text", "") for k, v in obj.abstract.translations.items()}

    @staticmethod
    def resolve_body(obj):
        return obj.body.to_json() if obj.body else {}

    @staticmethod
    def resolve_themes(obj):
        return [theme.slug for theme in obj.themes.all()]

    @staticmethod
    def resolve_sectors(obj):
        return [sector.slug for sector in obj.sectors.all()]

    @staticmethod
    def resolve_countries(obj):
        return [country.code for country in obj.countries]

    @staticmethod
    def resolve_authors(obj):
        return [
            {"name": str(author.display_name), "organisation_id": author.organisation_id}
            for author in obj.authors.all()
        ]

    @staticmethod
    def resolve_files(obj):
        return list(obj.files.all())


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class ResourceSearchOut(Schema):
    query: str
    sort: str
    count: int
    page: int
    pages: int
    items: list[ResourceOut]
    facets: dict[str, list[FacetValueOut]]


class SearchParams(Schema):
    q: str = Field("", max_length=500, description='Words, "phrases", -excluded, OR')
    sort: str = Field("relevance", description="relevance, newest or downloads")
    page: int = Field(1, ge=1)
    per_page: int = Field(20, ge=1, le=100)
    kind: list[str] = Field([], description="Type of resource, e.g. toolkit")
    theme: list[str] = []
    sector: list[str] = []
    lang: list[str] = Field([], description="Language of the content (ISO 639-1)")
    programme: list[str] = Field([], description="Programme slug")
    licence: list[str] = []
    year: list[str] = []
    country: list[str] = Field([], description="Country concerned (ISO 3166 code)")


class PodcastOut(Schema):
    slug: str
    title: str
    title_language: str
    description: str
    language: str
    category: str
    subcategory: str
    author: str
    explicit: bool
    programme: str | None
    episode_count: int
    url: str
    feed_url: str

    @staticmethod
    def resolve_title(obj):
        return obj.title.text

    @staticmethod
    def resolve_title_language(obj):
        return obj.title.language

    @staticmethod
    def resolve_description(obj):
        return obj.description.text

    @staticmethod
    def resolve_programme(obj):
        return obj.programme.slug if obj.programme_id else None

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_feed_url(obj):
        return feeds.feed_path(obj)


class AuthorIn(Schema):
    name: str = Field("", max_length=200)
    organisation_id: int | None = None


class ResourceIn(Schema):
    kind: str = Field(description="document, toolkit, guide, case-study, video, audio, "
                      "podcast-episode, presentation, dataset or link")  # fmt: skip
    title: str = Field(max_length=300)
    language: str = Field(description="Language the title, abstract and text are written in")
    abstract: str = Field("", max_length=5000)
    body: str = Field("", max_length=100_000, description="HTML; it is sanitised")
    programme: str | None = Field(None, description="Programme slug")
    themes: list[str] = Field([], description="Theme slugs")
    sectors: list[str] = Field([], description="Sector slugs")
    audience: list[str] = []
    countries: list[str] = Field([], description="ISO 3166 codes")
    languages: list[str] = Field([], description="Languages of the content (ISO 639-1)")
    published_on: date | None = None
    licence: str = "cc-by"
    licence_url: str = ""
    external_url: str = ""
    authors: list[AuthorIn] = []
    podcast: str | None = Field(None, description="Podcast slug, for a podcast episode")
    season: int | None = Field(None, ge=0, le=32767)
    episode_number: int | None = Field(None, ge=0, le=32767)
    explicit: bool = False


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


# Reading -----------------------------------------------------------------------------------


def _with_detail_data(queryset):
    return queries.with_card_data(queryset).prefetch_related(
        "themes",
        "sectors",
        Prefetch("files", queryset=ResourceFile.objects.all()),
    )


@router.get(
    "/resources/", response=ResourceSearchOut, auth=None, summary="Search the library's resources"
)
def search_resources(request, params: Query[SearchParams]):
    """Public: published resources matching a query and facet filters (values of one facet
    are alternatives; facets must all hold), one page of them, with facet counts."""
    data = params.model_dump()
    filters = {name: data[name] for name in queries.FACETS if data.get(name)}
    result = queries.search(
        query=data["q"],
        filters=filters,
        sort=data["sort"],
        page=data["page"],
        per_page=data["per_page"],
    )
    items = []
    for hit in result.hits:
        hit.resource.snippet = str(hit.snippet) if hit.snippet else None
        items.append(hit.resource)
    return {
        "query": result.query,
        "sort": result.sort,
        "count": result.total,
        "page": result.page.number,
        "pages": result.page.paginator.num_pages,
        "items": items,
        "facets": {
            group.key: [
                {
                    "value": v.value,
                    "label": str(v.label),
                    "count": v.count,
                    "selected": v.selected,
                }
                for v in group.values
            ]
            for group in result.facets
        },
    }


@router.get(
    "/resources/{int:resource_id}",
    response={200: ResourceDetailOut, 404: ErrorOut},
    auth=None,
    summary="One resource",
)
def get_resource(request, resource_id: int):
    """Public for published resources; contributors and moderators also read the ones they
    may see on the site. Anything else answers 404."""
    resource = _with_detail_data(Resource.objects.filter(pk=resource_id)).first()
    if resource is None or not request.user.has_perm("library.view_resource", resource):
        return 404, {"detail": _("Not found.")}
    may_download = request.user.has_perm("library.download_file", resource)
    for resource_file in resource.files.all():
        resource_file.may_download = may_download
    return 200, resource


@router.get("/podcasts/", response=list[PodcastOut], auth=None, summary="List podcasts")
@paginate(Pagination, page_size=50)
def list_podcasts(request):
    """Public: every podcast with its number of published episodes and its feed."""
    return (
        Podcast.objects.select_related("programme")
        .annotate(episode_count=Count("episodes", filter=Q(episodes__status=Status.PUBLISHED)))
        .order_by("slug")
    )


@router.get(
    "/podcasts/{slug}",
    response={200: PodcastOut, 404: ErrorOut},
    auth=None,
    summary="One podcast",
)
def get_podcast(request, slug: str):
    """Public."""
    podcast = get_object_or_404(
        Podcast.objects.select_related("programme").annotate(
            episode_count=Count("episodes", filter=Q(episodes__status=Status.PUBLISHED))
        ),
        slug=slug,
    )
    return 200, podcast


# Contributing ------------------------------------------------------------------------------


def _invalid(errors):
    return ValidationError({name: [message] for name, message in errors.items()})


def _related(payload):
    """Model objects for the slugs and ids in ``payload``; unknown ones are errors."""
    from atelier.core.models import Theme
    from atelier.network.models import Organisation, Sector
    from atelier.programmes.models import Programme

    errors = {}
    programme = None
    if payload.programme:
        programme = Programme.objects.filter(slug=payload.programme).first()
        if programme is None:
            errors["programme"] = _("There is no programme “%(slug)s”.") % {
                "slug": payload.programme
            }
    podcast = None
    if payload.podcast:
        podcast = Podcast.objects.filter(slug=payload.podcast).first()
        if podcast is None:
            errors["podcast"] = _("There is no podcast “%(slug)s”.") % {"slug": payload.podcast}
    themes = list(Theme.objects.filter(slug__in=payload.themes))
    unknown = sorted(set(payload.themes) - {theme.slug for theme in themes})
    if unknown:
        errors["themes"] = _("Unknown themes: %(slugs)s.") % {"slugs": ", ".join(unknown)}
    sectors = list(Sector.objects.filter(slug__in=payload.sectors))
    unknown = sorted(set(payload.sectors) - {sector.slug for sector in sectors})
    if unknown:
        errors["sectors"] = _("Unknown sectors: %(slugs)s.") % {"slugs": ", ".join(unknown)}
    unknown = sorted(set(payload.audience) - set(Audience.values))
    if unknown:
        errors["audience"] = _("Unknown audiences: %(values)s.") % {"values": ", ".join(unknown)}
    codes = [code.upper() for code in payload.countries]
    unknown = sorted(code for code in codes if code not in countries)
    if unknown:
        errors["countries"] = _("Unknown countries: %(codes)s.") % {"codes": ", ".join(unknown)}
    unknown = sorted(set(payload.languages) - set(CONTENT_LANGUAGES))
    if unknown:
        errors["languages"] = _("Unknown languages: %(codes)s.") % {"codes": ", ".join(unknown)}
    if payload.language not in CONTENT_LANGUAGES:
        errors["language"] = _("Say which language the text is written in.")
    organisation_ids = {a.organisation_id for a in payload.authors if a.organisation_id}
    organisations = Organisation.objects.in_bulk(organisation_ids)
    if organisation_ids - set(organisations):
        errors["authors"] = _("An author's organisation does not exist.")
    if errors:
        raise _invalid(errors)
    authors = [
        {"name": a.name, "organisation": organisations.get(a.organisation_id)}
        for a in payload.authors
    ]
    return programme, podcast, themes, sectors, codes, authors


def _text(value, language, existing=None):
    """A multilingual text; an edit in the same original language keeps its translations."""
    value = value.strip()
    if not value:
        return MultilingualText()
    translations = {}
    if existing is not None and existing.language == language:
        translations = {k: v for k, v in existing.translations.items() if k != language}
    return MultilingualText(value, language, translations)


def _fields(payload, related, existing=None):
    programme, podcast, _themes, _sectors, codes, _authors = related
    return {
        "kind": payload.kind,
        "title": _text(payload.title, payload.language, existing and existing.title),
        "abstract": _text(payload.abstract, payload.language, existing and existing.abstract),
        "body": _text(payload.body, payload.language, existing and existing.body),
        "programme": programme,
        "audience": list(dict.fromkeys(payload.audience)),
        "countries": codes,
        "languages": list(dict.fromkeys(payload.languages or [payload.language])),
        "published_on": payload.published_on,
        "licence": payload.licence,
        "licence_url": payload.licence_url,
        "external_url": payload.external_url,
        "podcast": podcast,
        "season": payload.season,
        "episode_number": payload.episode_number,
        "explicit": payload.explicit,
    }


def _submit(request, payload, uploads=(), cover=None):
    related = _related(payload)
    _programme, _podcast, themes, sectors, _codes, authors = related
    resource = services.submit_resource(
        request.user,
        fields=_fields(payload, related),
        themes=themes,
        sectors=sectors,
        authors=authors,
        uploads=list(uploads),
        cover=cover,
    )
    return _with_detail_data(Resource.objects.filter(pk=resource.pk)).get()


def _error_answer(error):
    if hasattr(error, "error_dict"):
        errors = {
            ("resource" if name == NON_FIELD_ERRORS else name): [str(m) for m in messages]
            for name, messages in error.message_dict.items()
        }
    else:
        errors = {"resource": [str(message) for message in error.messages]}
    return 400, {"detail": _("The resource could not be saved."), "errors": errors}


CONTRIBUTE_RESPONSES = {201: ResourceDetailOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut}


@router.post(
    "/resources/",
    response=CONTRIBUTE_RESPONSES,
    auth=django_auth,
    summary="Contribute a resource (metadata only)",
)
def contribute_resource(request, payload: ResourceIn):
    """Signed in (session and CSRF token): submit a resource with an external link, for
    review — or published at once for coordinators and moderators. Files go through the
    multipart endpoint."""
    try:
        return 201, _submit(request, payload)
    except PermissionDenied:
        return 403, {"detail": _("You may not contribute to the library.")}
    except ValidationError as error:
        return _error_answer(error)


@router.post(
    "/resources/upload",
    response=CONTRIBUTE_RESPONSES,
    auth=django_auth,
    summary="Contribute a resource with files (multipart)",
)
def contribute_resource_with_files(
    request,
    metadata: Form[str],
    files: File[list[UploadedFile]] = None,
    cover: File[UploadedFile] = None,
):
    """Signed in (session and CSRF token): the same as the JSON endpoint, with the metadata
    as JSON (ResourceIn) in the form field ``metadata``, the files in
    ``files`` and an optional ``cover`` picture. Every file is checked by its content; if
    one is refused, nothing is stored."""
    try:
        payload = ResourceIn.model_validate(json.loads(metadata))
    except (ValueError, SchemaError) as error:
        errors = (
            {".".join(str(p) for p in e["loc"]) or "metadata": [e["msg"]] for e in error.errors()}
            if isinstance(error, SchemaError)
            else {"metadata": [_("The metadata is not valid JSON.")]}
        )
        return 400, {"detail": _("The resource could not be saved."), "errors": errors}
    try:
        return 201, _submit(request, payload, uploads=files or (), cover=cover)
    except PermissionDenied:
        return 403, {"detail": _("You may not contribute to the library.")}
    except ValidationError as error:
        return _error_answer(error)


@router.put(
    "/resources/{int:resource_id}",
    response={200: ResourceDetailOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    summary="Edit a resource",
)
def change_resource(request, resource_id: int, payload: ResourceIn):
    """Signed in (session and CSRF token), as on the edit page: contributors edit their own
    resources (an edit after a request for changes goes back to review), moderators any in
    their programmes. The metadata is replaced as a whole; files stay."""
    resource = Resource.objects.filter(pk=resource_id).first()
    if resource is None or not request.user.has_perm("library.view_resource", resource):
        return 404, {"detail": _("Not found.")}
    if not request.user.has_perm("library.change_resource", resource):
        return 403, {"detail": _("You may not edit this resource.")}
    try:
        related = _related(payload)
        _programme, _podcast, themes, sectors, _codes, authors = related
        services.update_resource(
            request.user,
            resource,
            fields=_fields(payload, related, existing=resource),
            themes=themes,
            sectors=sectors,
            authors=authors,
        )
    except PermissionDenied:
        return 403, {"detail": _("You may not edit this resource.")}
    except ValidationError as error:
        return _error_answer(error)
    return 200, _with_detail_data(Resource.objects.filter(pk=resource.pk)).get()
