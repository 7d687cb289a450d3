"""A resource's page: who may see it, what it shows, and its schema.org JSON-LD."""

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from atelier.core.models import Theme
from atelier.core.multilingual import MultilingualText
from atelier.library.models import Kind, Licence, ResourceFile, Status
from tests.library.factories import (
    CollectionFactory,
    PodcastFactory,
    PublishedResourceFactory,
    ResourceFactory,
)
from tests.programmes.factories import ProgrammeFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db


def json_ld(response):
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert found, "no JSON-LD on the page"
    return json.loads(found.group(1))


def add_file(resource, name, mime_type, role=ResourceFile.Role.MAIN, media=None, **extra):
    return ResourceFile.objects.create(
        resource=resource,
        role=role,
        media=media,
        file=f"library/files/aa/{name}",
        original_name=name,
        mime_type=mime_type,
        size=2048,
        sha256="0" * 64,
        **extra,
    )


def test_a_published_resource_is_open_to_visitors(client):
    programme = ProgrammeFactory(acronym="CE+", title=MultilingualText("Culture Europe", "en"))
    resource = PublishedResourceFactory(
        title=MultilingualText("Audience toolkit", "en"),
        abstract=MultilingualText("How to meet new audiences.", "en"),
        body=MultilingualText("<p>Step <strong>one</strong></p>", "en"),
        programme=programme,
        countries=["SI", "BG"],
        languages=["en", "sl"],
        audience=["trainers"],
        published_on=date(2024, 3, 1),
        licence=Licence.CC_BY_SA,
    )
    resource.themes.set([Theme.objects.get(slug="cultural-heritage")])
    resource.authors.create(name="Maja Novak", position=0)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert '<h1 id="resource-title" lang="en">Audience toolkit</h1>' in html
    assert "How to meet new audiences." in html
    assert "<p>Step <strong>one</strong></p>" in html
    assert "Maja Novak" in html
    assert f'href="{programme.get_absolute_url()}"' in html
    assert "Cultural heritage" in html and "Trainers and educators" in html
    assert "<dd>Bulgaria, Slovenia</dd>" in html
    assert "<dd>English, Slovenian</dd>" in html
    assert "<dd>Trainers and educators</dd>" in html
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license noopener"' in html
    assert 'href="https://example.org/toolkit"' in html


def test_script_in_title_and_abstract_is_shown_as_text(client):
    resource = PublishedResourceFactory(
        title=MultilingualText("<script>alert('title')</script>", "en"),
        abstract=MultilingualText("<script>alert('abstract')</script>", "en"),
    )
    response = client.get(resource.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;abstract&#x27;)&lt;/script&gt;" in html
    # Inside JSON-LD the markup is escaped for the script element too.
    assert json_ld(response)["name"] == "<script>alert('title')</script>"


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.REJECTED])
def test_an_unpublished_resource_is_not_found_by_visitors_and_other_members(
    client, bob, alice, status
):
    resource = ResourceFactory(status=status, contributor=alice)
    assert client.get(resource.get_absolute_url()).status_code == 404
    client.force_login(bob)
    assert client.get(resource.get_absolute_url()).status_code == 404


def test_an_unpublished_resource_is_seen_by_its_contributor_and_moderators(client, alice, mona):
    resource = ResourceFactory(
        title=MultilingualText("My draft", "en"), status=Status.SUBMITTED, contributor=alice
    )
    client.force_login(alice)
    response = client.get(resource.get_absolute_url())
    assert response.status_code == 200
    assert "Not public: Waiting for review." in response.content.decode()
    client.force_login(mona)
    assert client.get(resource.get_absolute_url()).status_code == 200


def test_a_missing_resource_is_not_found(client):
    assert client.get(reverse("library:resource", args=[999999])).status_code == 404


def test_edit_and_history_links_show_only_to_those_allowed(client, alice, bob, mona):
    resource = PublishedResourceFactory(contributor=alice)
    edit = f'href="{reverse("library:edit", args=[resource.pk])}"'
    history = f'href="{reverse("library:history", args=[resource.pk])}"'
    html = client.get(resource.get_absolute_url()).content.decode()
    assert edit not in html and history not in html
    client.force_login(bob)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert edit not in html and history not in html
    for person in (alice, mona):
        client.force_login(person)
        html = client.get(resource.get_absolute_url()).content.decode()
        assert edit in html and history in html


def test_files_are_listed_with_download_links_and_media_play_with_captions(client):
    resource = PublishedResourceFactory(kind=Kind.VIDEO)
    pdf = add_file(resource, "toolkit.pdf", "application/pdf")
    video = add_file(resource, "talk.webm", "video/webm", label="The talk")
    captions = add_file(
        resource,
        "talk.vtt",
        "text/vtt",
        role=ResourceFile.Role.CAPTIONS,
        media=video,
        language="sl",
        label="Slovenščina",
    )
    audio = add_file(resource, "interview.mp3", "audio/mpeg", duration_seconds=125)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert f'href="{reverse("library:download", args=[pdf.pk])}" download>toolkit.pdf</a>' in html
    assert "2.0\xa0KB" in html
    assert f'<source src="{reverse("library:file", args=[video.pk])}" type="video/webm">' in html
    assert (
        f'<track kind="captions" src="{reverse("library:file", args=[captions.pk])}" '
        'srclang="sl" label="Slovenščina" default>'
    ) in html
    assert f'<source src="{reverse("library:file", args=[audio.pk])}" type="audio/mpeg">' in html
    assert "2:05" in html
    assert "<video controls" in html and "<audio controls" in html


def test_collections_holding_the_resource_are_linked(client):
    resource = PublishedResourceFactory()
    collection = CollectionFactory(title=MultilingualText("Audience development kit", "en"))
    collection.items.create(resource=resource, position=0)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert f'href="{collection.get_absolute_url()}"' in html
    assert "Audience development kit" in html


def test_json_ld_describes_a_toolkit_as_a_learning_resource_with_its_licence(client):
    programme = ProgrammeFactory(title=MultilingualText("PRO KUS", "sl"))
    resource = PublishedResourceFactory(
        title=MultilingualText("Toolkit for festivals", "en"),
        abstract=MultilingualText("Practical steps.", "en"),
        languages=["en", "sl"],
        programme=programme,
        published_on=date(2023, 6, 30),
    )
    resource.authors.create(name="Ana Kos", position=0)
    pdf = add_file(resource, "toolkit.pdf", "application/pdf")
    data = json_ld(client.get(resource.get_absolute_url()))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "LearningResource"
    assert data["name"] == "Toolkit for festivals"
    assert data["description"] == "Practical steps."
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["inLanguage"] == ["en", "sl"]
    assert data["datePublished"] == "2023-06-30"
    assert data["url"] == f"http://testserver{resource.get_absolute_url()}"
    assert data["author"] == [{"@type": "Person", "name": "Ana Kos"}]
    assert data["isPartOf"]["name"] == "PRO KUS"
    assert data["encoding"][0]["contentUrl"] == (
        f"http://testserver{reverse('library:download', args=[pdf.pk])}"
    )
    assert data["encoding"][0]["encodingFormat"] == "application/pdf"


def test_json_ld_of_a_podcast_episode_names_its_series_and_audio(client):
    podcast = PodcastFactory(title=MultilingualText("Culture talks", "en"))
    episode = PublishedResourceFactory(
        kind=Kind.PODCAST_EPISODE, podcast=podcast, episode_number=3, licence=Licence.CC0
    )
    audio = add_file(episode, "episode.mp3", "audio/mpeg", duration_seconds=600)
    data = json_ld(client.get(episode.get_absolute_url()))
    assert data["@type"] == "PodcastEpisode"
    assert data["partOfSeries"]["@type"] == "PodcastSeries"
    assert data["partOfSeries"]["name"] == "Culture talks"
    assert data["episodeNumber"] == 3
    assert data["license"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    media = data["associatedMedia"][0]
    assert media["@type"] == "AudioObject"
    assert media["duration"] == "PT600S"
    assert media["contentUrl"].endswith(reverse("library:download", args=[audio.pk]))


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        (Kind.VIDEO, "VideoObject"),
        (Kind.AUDIO, "AudioObject"),
        (Kind.DATASET, "Dataset"),
        (Kind.DOCUMENT, "CreativeWork"),
        (Kind.CASE_STUDY, "LearningResource"),
    ],
)
def test_json_ld_type_follows_the_kind(client, kind, schema_type):
    resource = PublishedResourceFactory(kind=kind)
    assert json_ld(client.get(resource.get_absolute_url()))["@type"] == schema_type


def test_json_ld_leaves_out_a_licence_without_an_address(client):
    resource = PublishedResourceFactory(licence=Licence.ALL_RIGHTS_RESERVED)
    response = client.get(resource.get_absolute_url())
    assert "license" not in json_ld(response)
    assert "All rights reserved" in response.content.decode()


def test_resource_page_answers_in_a_fixed_number_of_queries(client):
    resource = PublishedResourceFactory(programme=ProgrammeFactory())
    themes = list(Theme.objects.all()[:4])
    resource.themes.set(themes[:1])
    resource.authors.create(name="Author 0", position=0)

    def add_more():
        resource.themes.set(themes)
        for n in range(1, 4):
            resource.authors.create(name=f"Author {n}", position=n)

    one, several = assert_same_queries(lambda: client.get(resource.get_absolute_url()), add_more)
    assert all(f"Author {n}" in several.content.decode() for n in range(4))
