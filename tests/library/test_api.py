"""The library's API: search, read, podcasts, and contributing with a signed-in session."""

import json
from pathlib import Path

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from atelier.core.models import Theme
from atelier.core.multilingual import MultilingualText
from atelier.library import files as files_module
from atelier.library.models import ModerationEvent, Resource, ResourceFile, Status
from tests.library.factories import PodcastFactory, PublishedResourceFactory, ResourceFactory
from tests.library.open_standards import attach
from tests.programmes.factories import ProgrammeFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


def metadata(**overrides):
    data = {
        "kind": "toolkit",
        "title": "Audience development toolkit",
        "language": "en",
        "abstract": "How to reach new audiences.",
        "external_url": "https://example.org/toolkit",
        "licence": "cc-by-sa",
        "languages": ["en"],
        "authors": [{"name": "Maria Ivanova"}],
    }
    data.update(overrides)
    return data


def post_json(client, data, **extra):
    return client.post(
        "/api/library/resources/", json.dumps(data), content_type="application/json", **extra
    )


# Reading -----------------------------------------------------------------------------------


def test_search_lists_published_resources_only(client):
    published = PublishedResourceFactory(title=MultilingualText("Heritage toolkit", "en"))
    ResourceFactory(status=Status.SUBMITTED, title=MultilingualText("Heritage draft", "en"))
    data = client.get("/api/library/resources/").json()
    assert data["count"] == 1
    assert [(item["id"], item["title"], item["url"]) for item in data["items"]] == [
        (published.pk, "Heritage toolkit", published.get_absolute_url())
    ]
    assert "kind" in data["facets"]


def test_search_finds_by_keyword_and_filters_by_facet(client):
    heritage = PublishedResourceFactory(title=MultilingualText("Heritage toolkit", "en"))
    PublishedResourceFactory(title=MultilingualText("Marketing guide", "en"), kind="guide")
    data = client.get("/api/library/resources/", {"q": "heritage"}).json()
    assert [item["id"] for item in data["items"]] == [heritage.pk]
    data = client.get("/api/library/resources/", {"kind": "guide"}).json()
    assert [item["title"] for item in data["items"]] == ["Marketing guide"]
    assert {v["value"]: v["selected"] for v in data["facets"]["kind"]}["guide"] is True


def test_search_paginates(client):
    PublishedResourceFactory.create_batch(3)
    data = client.get("/api/library/resources/", {"per_page": 2, "page": 2}).json()
    assert (data["count"], data["page"], data["pages"], len(data["items"])) == (3, 2, 2, 1)


def test_search_refuses_a_page_size_over_the_limit(client):
    assert client.get("/api/library/resources/", {"per_page": 1000}).status_code == 422


def test_search_answers_in_a_fixed_number_of_queries(client):
    programme = ProgrammeFactory()
    PublishedResourceFactory(programme=programme)
    one, several = assert_same_queries(
        lambda: client.get("/api/library/resources/"),
        lambda: PublishedResourceFactory.create_batch(3, programme=ProgrammeFactory()),
    )
    assert several.json()["count"] == 4


def test_read_a_published_resource(client):
    resource = PublishedResourceFactory(
        title=MultilingualText("Toolkit", "en").translate("bg", "Наръчник")
    )
    resource_file = attach(resource, b"%PDF-1.4", mime_type="application/pdf", name="a.pdf")
    data = client.get(f"/api/library/resources/{resource.pk}").json()
    assert (data["title"], data["title_translations"], data["status"]) == (
        "Toolkit",
        {"bg": "Наръчник"},
        "published",
    )
    assert [(f["id"], f["mime_type"], f["name"]) for f in data["files"]] == [
        (resource_file.pk, "application/pdf", "a.pdf")
    ]


def test_read_an_unpublished_resource_only_as_its_contributor_or_a_moderator(
    client, alice, bob, mona
):
    resource = ResourceFactory(status=Status.SUBMITTED, contributor=alice)
    url = f"/api/library/resources/{resource.pk}"
    assert client.get(url).status_code == 404
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).json()["status"] == "submitted"
    client.force_login(mona)
    assert client.get(url).status_code == 200


def test_a_coordinator_reads_a_submission_without_the_addresses_of_its_files(client, alice, cora):
    resource = ResourceFactory(status=Status.SUBMITTED, contributor=alice)
    attach(resource, b"%PDF-1.4", mime_type="application/pdf", name="draft.pdf")
    url = f"/api/library/resources/{resource.pk}"
    client.force_login(cora)
    assert [(f["name"], f["url"]) for f in client.get(url).json()["files"]] == [("draft.pdf", None)]
    client.force_login(alice)
    assert [f["url"] for f in client.get(url).json()["files"]] == [
        f"/library/files/{resource.files.get().pk}/"
    ]


def test_read_an_unknown_resource(client):
    assert client.get("/api/library/resources/999999").status_code == 404


def test_list_podcasts_with_their_feed(client):
    podcast = PodcastFactory(slug="culture-talks")
    PublishedResourceFactory(kind="podcast-episode", podcast=podcast)
    ResourceFactory(kind="podcast-episode", podcast=podcast, status=Status.SUBMITTED)
    data = client.get("/api/library/podcasts/").json()
    assert data["count"] == 1
    item = data["items"][0]
    assert (item["slug"], item["episode_count"], item["feed_url"]) == (
        "culture-talks",
        1,
        "/library/podcasts/culture-talks/feed.xml",
    )
    assert client.get("/api/library/podcasts/culture-talks").json()["slug"] == "culture-talks"
    assert client.get("/api/library/podcasts/nothing").status_code == 404


# Contributing ------------------------------------------------------------------------------


def test_contributing_needs_a_signed_in_person(client):
    response = post_json(client, metadata())
    assert response.status_code == 401
    assert not Resource.objects.exists()


def test_contributing_needs_the_csrf_token_of_the_session(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = post_json(client, metadata())
    assert response.status_code == 403
    assert not Resource.objects.exists()


def test_member_contributes_a_link_for_review(client, alice):
    theme, _created = Theme.objects.get_or_create(slug="audience-development")
    programme = ProgrammeFactory(slug="ce-plus")
    client.force_login(alice)
    response = post_json(
        client, metadata(themes=[theme.slug], programme="ce-plus", countries=["bg"])
    )
    assert response.status_code == 201
    data = response.json()
    resource = Resource.objects.get()
    assert data["id"] == resource.pk
    assert (data["status"], data["programme"], data["themes"], data["countries"]) == (
        "submitted",
        "ce-plus",
        ["audience-development"],
        ["BG"],
    )
    assert (resource.contributor, resource.programme, resource.title.text) == (
        alice,
        programme,
        "Audience development toolkit",
    )
    assert [a.name for a in resource.authors.all()] == ["Maria Ivanova"]
    assert list(resource.history.values_list("action", flat=True)) == [
        ModerationEvent.Action.SUBMITTED
    ]


def test_coordinator_contribution_is_published_at_once(client, cora):
    client.force_login(cora)
    response = post_json(client, metadata())
    assert (response.status_code, response.json()["status"]) == (201, "published")


def test_contribution_with_bad_input_answers_400_with_reasons_and_stores_nothing(client, alice):
    client.force_login(alice)
    response = post_json(
        client,
        metadata(
            title="",
            kind="sculpture",
            themes=["no-such-theme"],
            programme="no-such-programme",
        ),
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"themes", "programme"}
    response = post_json(client, metadata(title="", kind="sculpture"))
    assert response.status_code == 400
    assert {"title", "kind"} <= set(response.json()["errors"])
    response = post_json(client, metadata(external_url=""))
    assert response.json()["errors"] == {"resource": ["Add at least one file or an external link."]}
    assert not Resource.objects.exists()


def test_contribution_errors_are_in_the_readers_language(client, alice):
    client.force_login(alice)
    response = post_json(client, metadata(title=""), HTTP_ACCEPT_LANGUAGE="bg")
    assert response.json()["errors"]["title"] == ["Това поле не може да е празно."]


def test_contribution_with_a_schema_error_answers_422(client, alice):
    client.force_login(alice)
    response = post_json(client, {"title": "No kind"})
    assert response.status_code == 422
    assert not Resource.objects.exists()


def test_member_contributes_a_pdf_in_a_multipart_request(client, alice):
    client.force_login(alice)
    response = client.post(
        "/api/library/resources/upload",
        {
            "metadata": json.dumps(metadata(external_url="")),
            "files": [SimpleUploadedFile("toolkit.pdf", MINIMAL_PDF, "application/pdf")],
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    stored = ResourceFile.objects.get()
    assert [(f["id"], f["mime_type"]) for f in data["files"]] == [(stored.pk, "application/pdf")]
    assert stored.resource.contributor == alice


def test_an_executable_named_pdf_is_refused_and_nothing_is_stored(
    client, alice, media_root, settings
):
    client.force_login(alice)
    response = client.post(
        "/api/library/resources/upload",
        {
            "metadata": json.dumps(metadata(external_url="")),
            "files": [
                SimpleUploadedFile("toolkit.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")
            ],
        },
    )
    assert response.status_code == 400
    assert "program" in response.json()["errors"]["files"][0]
    assert not Resource.objects.exists()
    assert not ResourceFile.objects.exists()
    assert not [p for p in media_root.rglob("*") if p.is_file()]
    assert not [p for p in settings.ATELIER_PRIVATE_ROOT.rglob("*") if p.is_file()]


def test_multipart_contribution_with_broken_metadata(client, alice):
    client.force_login(alice)
    response = client.post("/api/library/resources/upload", {"metadata": "{not json"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"metadata": ["The metadata is not valid JSON."]}
    response = client.post(
        "/api/library/resources/upload", {"metadata": json.dumps({"title": "No kind"})}
    )
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


def test_multipart_contribution_needs_a_signed_in_person(client):
    response = client.post("/api/library/resources/upload", {"metadata": json.dumps(metadata())})
    assert response.status_code == 401


def test_openapi_documents_the_library(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/library/resources/",
        "/api/library/resources/{resource_id}",
        "/api/library/resources/upload",
        "/api/library/podcasts/",
        "/api/library/podcasts/{slug}",
    } <= set(paths)
    assert {"get", "post"} <= set(paths["/api/library/resources/"])


# Editing -----------------------------------------------------------------------------------


def put_json(client, resource, data):
    return client.put(
        f"/api/library/resources/{resource.pk}", json.dumps(data), content_type="application/json"
    )


def test_contributor_edits_their_resource_and_keeps_its_translations(client, alice):
    resource = ResourceFactory(
        contributor=alice,
        status=Status.SUBMITTED,
        title=MultilingualText("Old title", "en").translate("bg", "Старо заглавие"),
    )
    client.force_login(alice)
    response = put_json(client, resource, metadata(title="New title"))
    assert response.status_code == 200
    assert response.json()["title_translations"] == {"bg": "Старо заглавие"}
    resource.refresh_from_db()
    assert resource.title.text == "New title"
    assert resource.history.last().action == ModerationEvent.Action.EDITED


def test_who_may_edit_a_resource_through_the_api(client, alice, bob, mona):
    resource = PublishedResourceFactory(contributor=alice)
    assert put_json(client, resource, metadata()).status_code == 401
    client.force_login(bob)
    assert put_json(client, resource, metadata(title="Bob's")).status_code == 403
    draft = ResourceFactory(contributor=alice, status=Status.SUBMITTED)
    assert put_json(client, draft, metadata(title="Bob's")).status_code == 404
    client.force_login(mona)
    assert put_json(client, resource, metadata(title="Mona's")).status_code == 200
    resource.refresh_from_db()
    assert resource.title.text == "Mona's"


def test_bad_edit_answers_400_and_changes_nothing(client, alice):
    resource = ResourceFactory(contributor=alice, status=Status.SUBMITTED)
    before = resource.title.text
    client.force_login(alice)
    response = put_json(client, resource, metadata(title="", licence="other"))
    assert response.status_code == 400
    assert "title" in response.json()["errors"]
    resource.refresh_from_db()
    assert resource.title.text == before


# A podcast episode, from the API to the feed -----------------------------------------------


def test_coordinator_publishes_an_episode_that_podcast_apps_then_find(
    client, cora, django_capture_on_commit_callbacks
):

    PodcastFactory(slug="ecoc-talks")
    audio = (
        Path(files_module.__file__).parent / "demo_files" / "ecoc-talks-digital-challenges-en.mp3"
    )
    client.force_login(cora)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/library/resources/upload",
            {
                "metadata": json.dumps(
                    metadata(
                        kind="podcast-episode",
                        title="Digital challenges",
                        external_url="",
                        podcast="ecoc-talks",
                        season=1,
                        episode_number=3,
                    )
                ),
                "files": [SimpleUploadedFile("episode.mp3", audio.read_bytes(), "audio/mpeg")],
            },
        )
    assert response.status_code == 201, response.content
    assert (response.json()["status"], response.json()["podcast"]) == ("published", "ecoc-talks")
    stored = ResourceFile.objects.get()
    feed = feedparser.parse(client.get("/library/podcasts/ecoc-talks/feed.xml").content)
    [entry] = feed.entries
    assert entry.title == "Digital challenges"
    assert entry.enclosures[0]["length"] == str(stored.size)
    assert entry.enclosures[0]["type"] == stored.mime_type == "audio/mpeg"
    assert entry.itunes_duration == str(stored.duration_seconds)
    assert (entry.itunes_season, entry.itunes_episode) == ("1", "3")
    # The enclosure plays from the address in the feed.
    path = entry.enclosures[0]["href"].removeprefix("http://testserver")
    download = client.get(path)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == audio.read_bytes()
    # Apple Podcasts asks for byte ranges.
    part = client.get(path, HTTP_RANGE="bytes=0-99")
    assert (part.status_code, part["Content-Length"]) == (206, "100")


def test_podcast_list_answers_in_a_fixed_number_of_queries(client):
    def add_podcasts(n):
        for podcast in PodcastFactory.create_batch(n, programme=ProgrammeFactory()):
            PublishedResourceFactory(kind="podcast-episode", podcast=podcast)

    add_podcasts(1)
    one, several = assert_same_queries(
        lambda: client.get("/api/library/podcasts/"), lambda: add_podcasts(3)
    )
    assert several.json()["count"] == 4


def test_reading_a_resource_answers_in_a_fixed_number_of_queries(client):
    resource = PublishedResourceFactory(programme=ProgrammeFactory())

    def add_files(first, n):
        for number in range(first, first + n):
            attach(resource, b"%PDF-1.4", mime_type="application/pdf", name=f"{number}.pdf")

    add_files(0, 1)
    one, several = assert_same_queries(
        lambda: client.get(f"/api/library/resources/{resource.pk}"), lambda: add_files(1, 3)
    )
    assert len(several.json()["files"]) == 4
