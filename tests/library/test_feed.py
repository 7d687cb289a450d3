"""The RSS feed of a podcast, read as podcast apps and directories read it."""

import uuid
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import feedparser
import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from atelier.core.multilingual import MultilingualText
from atelier.library import feeds
from atelier.library.models import Kind, Licence, Status
from tests.library.factories import PodcastFactory, PublishedResourceFactory, ResourceFactory
from tests.library.open_standards import AUDIO, attach, attach_transcript
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
ATOM = "{http://www.w3.org/2005/Atom}"


def episode(podcast, number, *, status=Status.PUBLISHED, audio=True, **fields):
    factory = PublishedResourceFactory if status == Status.PUBLISHED else ResourceFactory
    resource = factory(
        kind=Kind.PODCAST_EPISODE,
        podcast=podcast,
        title=MultilingualText(f"Episode {number}", "en"),
        abstract=MultilingualText(f"What episode {number} is about.", "en"),
        external_url="",
        season=1,
        episode_number=number,
        status=status,
        published_at=datetime(2026, 3, number, 9, 30, tzinfo=UTC),
        **fields,
    )
    if audio:
        attach(resource, duration=600 + number)
    return resource


@pytest.fixture
def podcast():
    return PodcastFactory(
        title=MultilingualText("Culture Talks", "en"),
        slug="culture-talks",
        description=MultilingualText("Conversations with cultural workers.", "en"),
        category="Arts",
        subcategory="Performing Arts",
        author="CE+ consortium",
        owner_name="Maria Ivanova",
        owner_email="podcast@example.org",
    )


def fetch(client, podcast):
    response = client.get(f"/library/podcasts/{podcast.slug}/feed.xml")
    assert response.status_code == 200
    return response


def test_feed_is_well_formed_rss_with_the_right_content_type(client, podcast):
    episode(podcast, 1)
    response = fetch(client, podcast)
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    parsed = feedparser.parse(response.content)
    assert (parsed.bozo, parsed.version) == (0, "rss20")


def test_feed_channel_carries_every_tag_directories_require(client, podcast):
    episode(podcast, 1)
    parsed = feedparser.parse(fetch(client, podcast).content)
    channel = parsed.feed
    assert channel.title == "Culture Talks"
    assert channel.link == "http://testserver/library/podcasts/culture-talks/"
    assert channel.subtitle == "Conversations with cultural workers."
    assert channel.language == "en"
    assert channel.publisher_detail == {"name": "Maria Ivanova", "email": "podcast@example.org"}
    assert channel.image.href == "http://testserver/static/library/podcast-cover.png"
    assert [tag.term for tag in channel.tags] == ["Arts", "Performing Arts"]
    assert channel.itunes_type == "episodic"
    assert channel.podcast_locked == {"owner": "podcast@example.org"}
    assert "CE+ consortium" in channel.rights and "CC BY 4.0" in channel.rights


def test_feed_channel_tags_in_the_raw_xml(client, podcast):
    episode(podcast, 1)
    root = ET.fromstring(fetch(client, podcast).content)
    channel = root.find("channel")
    self_link = channel.find(f"{ATOM}link")
    assert self_link.attrib == {
        "href": "http://testserver/library/podcasts/culture-talks/feed.xml",
        "rel": "self",
        "type": "application/rss+xml",
    }
    category = channel.find(f"{ITUNES}category")
    assert category.get("text") == "Arts"
    assert category.find(f"{ITUNES}category").get("text") == "Performing Arts"
    assert channel.findtext(f"{ITUNES}author") == "CE+ consortium"
    assert channel.findtext(f"{ITUNES}explicit") == "false"
    assert channel.findtext(f"{ITUNES}type") == "episodic"
    assert channel.find(f"{ITUNES}image").get("href").startswith("http://")
    locked = channel.find(f"{PODCAST}locked")
    assert (locked.text, locked.get("owner")) == ("yes", "podcast@example.org")
    assert channel.findtext(f"{PODCAST}guid") == feeds.podcast_guid(
        "http://127.0.0.1:8000/library/podcasts/culture-talks/feed.xml"
    )
    assert channel.findtext("copyright")


def test_podcast_guid_follows_the_podcast_namespace_example():
    # The example of the Podcast namespace's specification.
    assert feeds.podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )
    assert feeds.podcast_guid("http://mp3s.nashownotes.com/pc20rss.xml/") == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )


def test_feed_items_carry_enclosure_duration_numbers_and_guid(client, podcast):
    first = episode(podcast, 1)
    second = episode(podcast, 2, explicit=True)
    audio = second.files.get()
    parsed = feedparser.parse(fetch(client, podcast).content)
    assert [entry.title for entry in parsed.entries] == ["Episode 2", "Episode 1"]
    entry = parsed.entries[0]
    assert entry.summary == "What episode 2 is about."
    assert entry.link == "http://testserver" + second.get_absolute_url()
    assert entry.enclosures == [
        {
            "href": "http://testserver" + reverse("library:file", args=[audio.pk]),
            "length": str(len(AUDIO)),
            "type": "audio/mpeg",
        }
    ]
    assert entry.itunes_duration == "602"
    assert (entry.itunes_season, entry.itunes_episode, entry.itunes_episodetype) == (
        "1",
        "2",
        "full",
    )
    assert entry.id == feeds.episode_guid(second)
    assert entry.guidislink is False
    assert entry.published == "Mon, 02 Mar 2026 09:30:00 GMT"
    assert parsed.entries[1].id == str(uuid.UUID(feeds.episode_guid(first)))
    items = ET.fromstring(fetch(client, podcast).content).findall("channel/item")
    # Apple reads "true" and "false"; feedparser only knows the older "yes" and "clean".
    assert [item.findtext(f"{ITUNES}explicit") for item in items] == ["true", "false"]


def test_episode_guid_stays_the_same_when_the_title_changes(podcast):
    resource = episode(podcast, 1)
    before = feeds.episode_guid(resource)
    resource.title = MultilingualText("A new title", "en")
    resource.save()
    assert feeds.episode_guid(resource) == before


def test_feed_leaves_out_unpublished_episodes(client, podcast):
    episode(podcast, 1)
    for number, status in enumerate(
        [Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.REJECTED], start=2
    ):
        episode(podcast, number, status=status)
    withdrawn = episode(podcast, 9)
    withdrawn.status = Status.WITHDRAWN
    withdrawn.save()
    parsed = feedparser.parse(fetch(client, podcast).content)
    assert [entry.title for entry in parsed.entries] == ["Episode 1"]


def test_feed_skips_an_episode_without_an_audio_file(client, podcast):
    episode(podcast, 1)
    silent = episode(podcast, 2, audio=False)
    attach(silent, b"%PDF-1.4", mime_type="application/pdf", name="notes.pdf")
    parsed = feedparser.parse(fetch(client, podcast).content)
    assert [entry.title for entry in parsed.entries] == ["Episode 1"]


def test_feed_lists_only_its_own_podcasts_episodes(client, podcast):
    episode(podcast, 1)
    episode(PodcastFactory(), 2)
    parsed = feedparser.parse(fetch(client, podcast).content)
    assert [entry.title for entry in parsed.entries] == ["Episode 1"]


def test_feed_names_the_transcript_of_an_episode(client, podcast):
    resource = episode(podcast, 1)
    transcript = attach_transcript(resource, resource.files.get(), language="en")
    root = ET.fromstring(fetch(client, podcast).content)
    element = root.find(f"channel/item/{PODCAST}transcript")
    assert element.attrib == {
        "url": "http://testserver" + reverse("library:file", args=[transcript.pk]),
        "type": "text/vtt",
        "language": "en",
    }


def test_feed_uses_the_uploaded_cover(client, podcast):
    podcast.cover.save("cover.png", ContentFile(b"\x89PNG..."), save=True)
    root = ET.fromstring(fetch(client, podcast).content)
    href = root.find(f"channel/{ITUNES}image").get("href")
    assert href == f"http://testserver{podcast.cover.url}"


def test_default_cover_is_a_square_png_directories_accept():
    with Image.open(finders.find(feeds.DEFAULT_COVER)) as image:
        assert image.format == "PNG"
        assert image.width == image.height
        assert 1400 <= image.width <= 3000


def test_feed_copyright_states_the_episodes_licence(client, podcast):
    episode(podcast, 1, licence=Licence.ALL_RIGHTS_RESERVED)
    root = ET.fromstring(fetch(client, podcast).content)
    assert root.findtext("channel/copyright").endswith("CE+ consortium. All rights reserved.")


def test_feed_is_in_the_podcasts_language_with_its_translation(client):
    podcast = PodcastFactory(
        title=MultilingualText("Culture Talks", "en").translate("bg", "Културни разговори"),
        language="bg",
        slug="bg-talks",
    )
    parsed = feedparser.parse(fetch(client, podcast).content)
    assert (parsed.feed.title, parsed.feed.language) == ("Културни разговори", "bg")
    assert parsed.feed.link == "http://testserver/bg/library/podcasts/bg-talks/"


def test_feed_address_does_not_follow_the_readers_language(client, podcast):
    response = client.get("/library/podcasts/culture-talks/feed.xml", HTTP_ACCEPT_LANGUAGE="pl")
    root = ET.fromstring(response.content)
    assert (
        root.find(f"channel/{ATOM}link")
        .get("href")
        .endswith("/library/podcasts/culture-talks/feed.xml")
    )
    assert root.findtext("channel/link") == "http://testserver/library/podcasts/culture-talks/"


def test_feed_of_an_unknown_podcast_is_not_found(client):
    assert client.get("/library/podcasts/nothing-here/feed.xml").status_code == 404


def test_feed_answers_in_a_fixed_number_of_queries(client, podcast):
    def add_episodes(first, n):
        for number in range(first, first + n):
            resource = episode(podcast, number)
            attach_transcript(resource, resource.files.get())

    add_episodes(1, 1)
    one, several = assert_same_queries(lambda: fetch(client, podcast), lambda: add_episodes(2, 3))
    assert several.content.count(b"<item>") == 4


def test_feed_answers_304_to_an_app_that_has_it_already(client, podcast):
    episode(podcast, 1)
    first = fetch(client, podcast)
    again = client.get("/library/podcasts/culture-talks/feed.xml", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    episode(podcast, 2)
    changed = client.get(
        "/library/podcasts/culture-talks/feed.xml", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert changed.status_code == 200


def test_feed_answers_head_requests(client, podcast):
    response = client.head("/library/podcasts/culture-talks/feed.xml")
    assert response.status_code == 200


def test_feed_last_build_date_is_the_latest_change(client, podcast):
    resource = episode(podcast, 1)
    parsed = feedparser.parse(fetch(client, podcast).content)
    latest = max(podcast.updated, resource.updated).astimezone(UTC)
    assert parsed.feed.updated == latest.strftime("%a, %d %b %Y %H:%M:%S GMT")


def test_feed_carries_the_episode_text_as_escaped_html(client, podcast):
    episode(podcast, 1, body=MultilingualText("<p>Show notes &amp; links</p>", "en"))
    root = ET.fromstring(fetch(client, podcast).content)
    encoded = root.findtext("channel/item/{http://purl.org/rss/1.0/modules/content/}encoded")
    assert encoded == "<p>Show notes &amp; links</p>"
