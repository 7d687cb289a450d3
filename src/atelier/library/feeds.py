"""RSS 2.0 feeds of podcasts, with the tags Apple Podcasts and the Podcast Index read.

The feed lists a podcast's published episodes that have an audio file, newest first. It is
served at a language-neutral address (``open_urls``) so podcast apps keep one URL whatever
language the reader's browser asks for.
"""

import hashlib
import html as html_module
import uuid
from datetime import UTC
from email.utils import format_datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atelier.core import html
from atelier.core.permissions import permission_required

from .models import LICENCE_URLS, Licence, Podcast, Resource, ResourceFile, Status

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
NAMESPACES = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM, "content": CONTENT}
for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)

# The Podcast namespace fixes this UUIDv5 namespace for ``podcast:guid``.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
# Episode guids: stable for the life of the resource, whatever its title or files become.
EPISODE_GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "atelier:library:podcast-episode")

DEFAULT_COVER = "library/podcast-cover.png"
CONTENT_TYPE = "application/rss+xml; charset=utf-8"


def podcast_guid(feed_url):
    """The ``podcast:guid`` of a feed: UUIDv5 of its URL without scheme and trailing slashes."""
    parts = urlsplit(feed_url)
    bare = (parts.netloc + parts.path).rstrip("/")
    if parts.query:
        bare += "?" + parts.query
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def episode_guid(resource):
    return str(uuid.uuid5(EPISODE_GUID_NAMESPACE, f"{settings.SITE_URL}/library/{resource.pk}"))


def feed_path(podcast):
    return reverse("library-podcast-feed", kwargs={"slug": podcast.slug})


def canonical_feed_url(podcast):
    """The feed's address on the configured site; its guid is derived from it."""
    return settings.SITE_URL + feed_path(podcast)


def published_episodes(podcast):
    """Published episodes with their audio file and tracks, newest first."""
    files = ResourceFile.objects.filter(
        role__in=[ResourceFile.Role.MAIN, ResourceFile.Role.TRANSCRIPT, ResourceFile.Role.CAPTIONS]
    ).only(
        "pk", "resource_id", "role", "mime_type", "size", "duration_seconds", "language",
        "position", "label", "original_name",
    )  # fmt: skip
    return (
        Resource.objects.filter(podcast=podcast, status=Status.PUBLISHED)
        .prefetch_related(Prefetch("files", queryset=files, to_attr="feed_files"))
        .order_by("-published_at", "-pk")
    )


def audio_file(resource):
    """The first audio file of an episode, or None."""
    files = getattr(resource, "feed_files", None)
    if files is None:
        files = list(resource.files.all())
    for resource_file in files:
        if resource_file.role == ResourceFile.Role.MAIN and resource_file.is_audio:
            return resource_file
    return None


def transcripts(resource):
    files = getattr(resource, "feed_files", None)
    if files is None:
        files = list(resource.files.all())
    return [
        f for f in files if f.role in (ResourceFile.Role.TRANSCRIPT, ResourceFile.Role.CAPTIONS)
    ]


def _text_in(value, language):
    """The text in the feed's language where a translation exists, else the original."""
    return value.get(language) or value.text


def _copyright(podcast, episodes):
    licences = {episode.licence for episode in episodes}
    year = timezone.now().year
    if len(licences) == 1:
        licence = licences.pop()
        if licence == Licence.ALL_RIGHTS_RESERVED:
            return _("© %(year)s %(author)s. All rights reserved.") % {
                "year": year,
                "author": podcast.author,
            }
        if licence in LICENCE_URLS:
            return _("© %(year)s %(author)s. Licensed under %(licence)s: %(url)s") % {
                "year": year,
                "author": podcast.author,
                "licence": Licence(licence).label,
                "url": LICENCE_URLS[licence],
            }
    return _("© %(year)s %(author)s. Each episode states its licence.") % {
        "year": year,
        "author": podcast.author,
    }


def _sub(parent, tag, value=None, /, **attributes):
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attributes.items()})
    if value is not None:
        element.text = str(value)
    return element


def _itunes(name):
    return f"{{{ITUNES}}}{name}"


def _podcast(name):
    return f"{{{PODCAST}}}{name}"


def _yes_no(flag):
    return "true" if flag else "false"


def _as_html(text):
    """Plain text for an RSS description, which feed readers and podcast apps show as HTML:
    "<b>" someone wrote is shown as they wrote it, not made bold (nor a script run)."""
    return html_module.escape(text, quote=False)


def build_feed(request, podcast):
    """The feed as UTF-8 bytes."""
    language = podcast.language
    ui_languages = {code for code, _name in settings.LANGUAGES}
    link_language = language if language in ui_languages else settings.LANGUAGE_CODE
    with translation.override(link_language):
        page_url = request.build_absolute_uri(podcast.get_absolute_url())
    self_url = request.build_absolute_uri(feed_path(podcast))
    if podcast.cover:
        image_url = request.build_absolute_uri(podcast.cover.url)
    else:
        image_url = request.build_absolute_uri(static(DEFAULT_COVER))
    title = _text_in(podcast.title, language)
    description = _text_in(podcast.description, language)

    episodes = [e for e in published_episodes(podcast) if audio_file(e) is not None]

    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    _sub(channel, "title", title)
    _sub(channel, "link", page_url)
    _sub(channel, "description", _as_html(description))
    _sub(channel, "language", language)
    with translation.override(link_language):
        _sub(channel, "copyright", _copyright(podcast, episodes))
    _sub(channel, "generator", "Atelier")
    _sub(channel, "lastBuildDate", format_datetime(last_change(podcast, episodes), True))
    _sub(channel, f"{{{ATOM}}}link", href=self_url, rel="self", type="application/rss+xml")
    image = _sub(channel, "image")
    _sub(image, "url", image_url)
    _sub(image, "title", title)
    _sub(image, "link", page_url)
    _sub(channel, _itunes("author"), podcast.author)
    owner = _sub(channel, _itunes("owner"))
    _sub(owner, _itunes("name"), podcast.owner_name)
    _sub(owner, _itunes("email"), podcast.owner_email)
    _sub(channel, _itunes("image"), href=image_url)
    category = _sub(channel, _itunes("category"), text=podcast.category)
    if podcast.subcategory:
        _sub(category, _itunes("category"), text=podcast.subcategory)
    _sub(channel, _itunes("explicit"), _yes_no(podcast.explicit))
    _sub(channel, _itunes("type"), "episodic")
    _sub(channel, _itunes("summary"), description)
    _sub(channel, _podcast("locked"), "yes", owner=podcast.owner_email)
    _sub(channel, _podcast("guid"), podcast_guid(canonical_feed_url(podcast)))

    for episode in episodes:
        _episode_item(request, channel, episode, language, link_language)

    ET.indent(rss, space="  ")
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)


def last_change(podcast, episodes):
    """When the feed last changed: the podcast's or an episode's latest edit, in UTC."""
    moments = [podcast.updated, *(episode.updated for episode in episodes)]
    return max(moments).astimezone(UTC)


def _file_url(request, resource_file):
    return request.build_absolute_uri(reverse("library:file", args=[resource_file.pk]))


def _episode_item(request, channel, episode, language, link_language):
    audio = audio_file(episode)
    item = _sub(channel, "item")
    _sub(item, "title", _text_in(episode.title, language))
    description = _text_in(episode.abstract, language) if episode.abstract else ""
    _sub(item, "description", _as_html(description or _text_in(episode.title, language)))
    if episode.body:
        # Podcast apps show this HTML as it is: sanitised again here, as every page does.
        _sub(item, f"{{{CONTENT}}}encoded", html.clean(_text_in(episode.body, language)))
    with translation.override(link_language):
        link = request.build_absolute_uri(episode.get_absolute_url())
    _sub(item, "link", link)
    _sub(item, "guid", episode_guid(episode), isPermaLink="false")
    published = episode.published_at or episode.created
    _sub(item, "pubDate", format_datetime(published.astimezone(UTC), True))
    _sub(
        item,
        "enclosure",
        url=_file_url(request, audio),
        length=audio.size,
        type=audio.mime_type,
    )
    if audio.duration_seconds:
        _sub(item, _itunes("duration"), audio.duration_seconds)
    if episode.season:
        _sub(item, _itunes("season"), episode.season)
    if episode.episode_number:
        _sub(item, _itunes("episode"), episode.episode_number)
    _sub(item, _itunes("episodeType"), "full")
    _sub(item, _itunes("explicit"), _yes_no(episode.explicit))
    for track in transcripts(episode):
        attributes = {"url": _file_url(request, track), "type": track.mime_type}
        if track.language:
            attributes["language"] = track.language
        if track.role == ResourceFile.Role.CAPTIONS:
            attributes["rel"] = "captions"
        _sub(item, _podcast("transcript"), **attributes)


@require_http_methods(["GET", "HEAD"])
@permission_required("library.view_podcast")
def podcast_feed(request, slug):
    podcast = get_object_or_404(Podcast, slug=slug)
    body = build_feed(request, podcast)
    # Podcast apps poll often: an unchanged feed answers 304 to their If-None-Match.
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    return response
