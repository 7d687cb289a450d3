"""Pages of the library: the searchable list with facets, and a resource's own page."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from atelier.core.languages import language_name
from atelier.core.permissions import object_permission, permission_required

from .. import queries
from ..models import Audience, Collection, Kind, Resource, ResourceAuthor, ResourceFile
from ..search_forms import FACET_LABELS, LibrarySearchForm

PER_PAGE = 20
# A facet shows this many values; the rest wait behind "more".
FACET_VALUES_SHOWN = 8


@dataclass
class FacetBlock:
    """A facet as the page shows it: its label, the first values, the others."""

    key: str
    label: str
    shown: list
    more: list
    open_more: bool


def _facet_blocks(result):
    blocks = []
    for group in result.facets:
        if not group.values:
            continue
        shown = group.values[:FACET_VALUES_SHOWN]
        more = group.values[FACET_VALUES_SHOWN:]
        blocks.append(
            FacetBlock(
                key=group.key,
                label=FACET_LABELS[group.key],
                shown=shown,
                more=more,
                open_more=any(value.selected for value in more),
            )
        )
    return blocks


def _query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
@permission_required("library.view_library")
def resource_list(request):
    form = LibrarySearchForm(request.GET)
    result = queries.search(**form.search_arguments(), per_page=PER_PAGE)
    context = {
        "form": form,
        "result": result,
        "page": result.page,
        "hits": result.hits,
        "facet_blocks": _facet_blocks(result),
        "query": _query_without_page(request),
        "filtered": bool(result.parsed or result.filters),
    }
    template = "library/resource_list.html"
    if request.headers.get("HX-Request") == "true":
        template += "#search-region"
    return render(request, template, context)


def _resource(request, pk):
    """The resource if this person may see it; 404 otherwise, so drafts stay unknown."""
    resource = get_object_or_404(
        Resource.objects.select_related("programme", "podcast", "contributor").prefetch_related(
            "themes",
            "sectors",
            Prefetch(
                "authors",
                queryset=ResourceAuthor.objects.select_related("organisation", "person"),
            ),
        ),
        pk=pk,
    )
    if not request.user.has_perm("library.view_resource", resource):
        raise Http404
    return resource


@require_GET
@object_permission("library.view_resource", _resource)
def resource_detail(request, resource):
    files = list(resource.files.all())
    tracks = {}
    for item in files:
        if item.role == ResourceFile.Role.CAPTIONS and item.media_id:
            tracks.setdefault(item.media_id, []).append(item)
    main_files = [item for item in files if item.role == ResourceFile.Role.MAIN]
    for item in files:
        item.caption_tracks = tracks.get(item.pk, [])
        item.language_label = language_name(item.language) if item.language else ""
        item.duration_label = _duration(item.duration_seconds)
    user = request.user
    # Seeing a resource is not fetching its files: a coordinator sees the resources of their
    # programme under review, but neither their files nor what shows them (players, previews).
    can_download = user.has_perm("library.download_file", resource)
    audiences = dict(Audience.choices)
    return render(
        request,
        "library/resource_detail.html",
        {
            "resource": resource,
            "authors": list(resource.authors.all()),
            "themes": list(resource.themes.all()),
            "sectors": list(resource.sectors.all()),
            "audience_labels": [
                audiences[value] for value in resource.audience or () if value in audiences
            ],
            "content_languages": [language_name(code) for code in resource.languages or ()],
            "main_files": main_files,
            "media_files": [
                item for item in main_files if can_download and (item.is_audio or item.is_video)
            ],
            "other_files": [item for item in files if item.role != ResourceFile.Role.MAIN],
            "thumbnails": [item for item in main_files if can_download and item.thumbnail],
            "collections": list(
                Collection.objects.filter(items__resource=resource).order_by("pk").distinct()
            ),
            "can_edit": user.has_perm("library.change_resource", resource),
            "can_see_history": user.has_perm("library.view_history", resource),
            "can_download": can_download,
            "json_ld": resource_json_ld(request, resource, main_files if can_download else []),
        },
    )


def _duration(seconds):
    if not seconds:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


JSON_LD_TYPES = {
    Kind.TOOLKIT: "LearningResource",
    Kind.GUIDE: "LearningResource",
    Kind.CASE_STUDY: "LearningResource",
    Kind.PODCAST_EPISODE: "PodcastEpisode",
    Kind.VIDEO: "VideoObject",
    Kind.AUDIO: "AudioObject",
    Kind.DATASET: "Dataset",
    Kind.PRESENTATION: "PresentationDigitalDocument",
}


def _media_object(request, item):
    kind = "AudioObject" if item.is_audio else "VideoObject" if item.is_video else "MediaObject"
    data = {
        "@type": kind,
        "name": item.label or item.original_name,
        "contentUrl": request.build_absolute_uri(reverse("library:download", args=[item.pk])),
        "encodingFormat": item.mime_type,
        "contentSize": f"{item.size} B",
    }
    if item.duration_seconds:
        data["duration"] = f"PT{item.duration_seconds}S"
    return data


def resource_json_ld(request, resource, main_files):
    """schema.org of a resource, for search engines and aggregators."""
    kind = JSON_LD_TYPES.get(resource.kind, "CreativeWork")
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": resource.title.text,
        "url": request.build_absolute_uri(resource.get_absolute_url()),
        "inLanguage": resource.languages or [resource.title.language],
    }
    if resource.abstract:
        data["description"] = resource.abstract.text
    if kind == "LearningResource":
        data["learningResourceType"] = resource.kind
    if resource.licence_link:
        data["license"] = resource.licence_link
    authors = [
        {
            "@type": "Organization" if author.organisation_id else "Person",
            "name": author.display_name,
        }
        for author in resource.authors.all()
    ]
    if authors:
        data["author"] = authors
    date = resource.published_on or (resource.published_at and resource.published_at.date())
    if date:
        data["datePublished"] = date.isoformat()
    if resource.external_url:
        data["sameAs"] = resource.external_url
    if resource.cover:
        data["image"] = request.build_absolute_uri(resource.cover.url)
    keywords = [str(theme.label) for theme in resource.themes.all()]
    if keywords:
        data["keywords"] = keywords
    if resource.programme_id:
        data["isPartOf"] = {
            "@type": "Project",
            "name": resource.programme.title.text,
            "url": request.build_absolute_uri(resource.programme.get_absolute_url()),
        }
    if resource.podcast_id:
        data["partOfSeries"] = {
            "@type": "PodcastSeries",
            "name": resource.podcast.title.text,
            "url": request.build_absolute_uri(resource.podcast.get_absolute_url()),
        }
        if resource.episode_number:
            data["episodeNumber"] = resource.episode_number
    media = [_media_object(request, item) for item in main_files]
    if media:
        if kind in ("AudioObject", "VideoObject"):
            first = media[0]
            data["contentUrl"] = first["contentUrl"]
            data["encodingFormat"] = first["encodingFormat"]
            if "duration" in first:
                data["duration"] = first["duration"]
        if kind == "Dataset":
            data["distribution"] = [
                {
                    "@type": "DataDownload",
                    "contentUrl": item["contentUrl"],
                    "encodingFormat": item["encodingFormat"],
                }
                for item in media
            ]
        elif kind == "PodcastEpisode":
            data["associatedMedia"] = media
        else:
            data["encoding"] = media
    data["interactionStatistic"] = {
        "@type": "InteractionCounter",
        "interactionType": "https://schema.org/DownloadAction",
        "userInteractionCount": resource.download_count,
    }
    return data
