"""Downloading and playing library files: who may, headers, ranges, counts without people."""

from pathlib import Path

import pytest
from django.urls import reverse

from atelier.library import files
from atelier.library.models import Resource, ResourceFile
from tests.library import samples
from tests.library.factories import PublishedResourceFactory, ResourceFactory
from tests.library.samples import upload

pytestmark = pytest.mark.django_db


def download_url(resource_file):
    return reverse("library:download", kwargs={"pk": resource_file.pk})


def file_url(resource_file):
    return reverse("library:file", kwargs={"pk": resource_file.pk})


def body(response):
    return b"".join(response.streaming_content)


def counts(resource_file):
    resource_file.refresh_from_db()
    return (
        resource_file.download_count,
        Resource.objects.get(pk=resource_file.resource_id).download_count,
    )


@pytest.fixture
def published_pdf():
    content = samples.pdf("Published toolkit")
    return files.store_upload(PublishedResourceFactory(), upload("Tool kit – ČŠŽ.pdf", content))


@pytest.fixture
def submitted_pdf(alice):
    resource = ResourceFactory(contributor=alice)
    return files.store_upload(resource, upload("draft.pdf", samples.pdf("Draft")))


def test_a_visitor_downloads_a_published_file_as_an_attachment(client, published_pdf):
    response = client.get(download_url(published_pdf))
    assert response.status_code == 200
    assert body(response) == published_pdf.file.open("rb").read()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Tool%20kit%20%E2%80%93%20%C4%8C%C5%A0%C5%BD.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Length"] == str(published_pdf.size)
    assert response["ETag"] == f'"{published_pdf.sha256}"'


def test_each_download_is_counted_on_the_file_and_its_resource(client, published_pdf):
    client.get(download_url(published_pdf))
    client.get(download_url(published_pdf))
    assert counts(published_pdf) == (2, 2)


def test_a_head_request_is_not_counted(client, published_pdf):
    response = client.head(download_url(published_pdf))
    assert response.status_code == 200
    assert response["Content-Length"] == str(published_pdf.size)
    assert counts(published_pdf) == (0, 0)


def test_nothing_about_the_person_is_kept_with_a_download(client, alice, published_pdf):
    from atelier.core.models import AuditLogEntry

    client.force_login(alice)
    before = AuditLogEntry.objects.count()
    client.get(download_url(published_pdf))
    assert AuditLogEntry.objects.count() == before
    assert counts(published_pdf) == (1, 1)


def test_only_published_files_may_be_embedded_by_other_sites(
    client, alice, published_pdf, submitted_pdf
):
    assert client.get(download_url(published_pdf))["Cross-Origin-Resource-Policy"] == (
        "cross-origin"
    )
    client.force_login(alice)
    assert client.get(download_url(submitted_pdf))["Cross-Origin-Resource-Policy"] == (
        "same-origin"
    )


def test_a_visitor_may_not_download_a_file_waiting_for_review(client, submitted_pdf):
    assert client.get(download_url(submitted_pdf)).status_code == 403
    assert client.get(file_url(submitted_pdf)).status_code == 403
    assert counts(submitted_pdf) == (0, 0)


def test_another_member_may_not_download_a_file_waiting_for_review(client, bob, submitted_pdf):
    client.force_login(bob)
    assert client.get(download_url(submitted_pdf)).status_code == 403


@pytest.mark.parametrize("who", ["alice", "mona"])
def test_the_contributor_and_a_moderator_download_a_file_waiting_for_review(
    client, who, submitted_pdf, request
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(download_url(submitted_pdf))
    assert response.status_code == 200
    assert body(response).startswith(b"%PDF-")


def test_an_unknown_file_is_not_found(client):
    assert client.get(reverse("library:download", kwargs={"pk": 999})).status_code == 404


def test_a_file_missing_from_storage_is_not_found(client, published_pdf, media_root):
    Path(published_pdf.file.path).unlink()
    assert client.get(download_url(published_pdf)).status_code == 404


def test_a_download_may_resume_with_a_range(client, published_pdf):
    content = published_pdf.file.open("rb").read()
    response = client.get(download_url(published_pdf), headers={"range": "bytes=100-"})
    assert response.status_code == 206
    assert body(response) == content[100:]
    # Resuming is not a new download.
    assert counts(published_pdf) == (0, 0)


# Playing in the page ----------------------------------------------------------------------------


@pytest.fixture
def episode():
    resource = PublishedResourceFactory(kind="podcast-episode")
    return files.store_upload(resource, upload("episode.ogg", samples.sample("hello.ogg")))


def test_audio_plays_inline(client, episode):
    response = client.get(file_url(episode))
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/ogg"
    assert response["Content-Disposition"] == 'inline; filename="episode.ogg"'
    assert response["Accept-Ranges"] == "bytes"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == samples.sample("hello.ogg")


def test_a_player_seeks_with_a_range(client, episode):
    content = samples.sample("hello.ogg")
    response = client.get(file_url(episode), headers={"range": "bytes=1000-1999"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 1000-1999/{len(content)}"
    assert response["Content-Length"] == "1000"
    assert body(response) == content[1000:2000]


def test_a_range_from_the_end_is_served(client, episode):
    content = samples.sample("hello.ogg")
    response = client.get(file_url(episode), headers={"range": "bytes=-500"})
    assert (
        response["Content-Range"] == f"bytes {len(content) - 500}-{len(content) - 1}/{len(content)}"
    )
    assert body(response) == content[-500:]


def test_a_range_past_the_end_is_unsatisfiable(client, episode):
    size = len(samples.sample("hello.ogg"))
    response = client.get(file_url(episode), headers={"range": f"bytes={size}-"})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


def test_several_ranges_or_a_stale_if_range_get_the_whole_file(client, episode):
    size = len(samples.sample("hello.ogg"))
    several = client.get(file_url(episode), headers={"range": "bytes=0-10,20-30"})
    assert (several.status_code, several["Content-Length"]) == (200, str(size))
    stale = client.get(
        file_url(episode), headers={"range": "bytes=10-20", "if-range": '"not-the-etag"'}
    )
    assert stale.status_code == 200


def test_listening_counts_once_however_many_ranges_the_player_asks_for(client, episode):
    client.get(file_url(episode), headers={"range": "bytes=0-"})
    client.get(file_url(episode), headers={"range": "bytes=4000-"})
    client.get(file_url(episode), headers={"range": "bytes=6000-7000"})
    assert counts(episode) == (1, 1)


def test_a_document_is_never_shown_inline(client, published_pdf):
    response = client.get(file_url(published_pdf))
    assert response.status_code == 302
    assert response.url == download_url(published_pdf)


def test_a_picture_is_shown_inline_without_counting(client):
    picture = files.store_upload(PublishedResourceFactory(), upload("photo.png", samples.image()))
    response = client.get(file_url(picture))
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert counts(picture) == (0, 0)


def test_captions_are_served_inline_as_webvtt(client, episode):
    captions = files.store_upload(
        episode.resource,
        upload("episode.vtt", samples.vtt("Hello")),
        role=ResourceFile.Role.CAPTIONS,
        media=episode,
    )
    response = client.get(file_url(captions))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert body(response).startswith(b"WEBVTT")
    assert counts(captions) == (0, 0)


def test_a_plain_text_main_file_is_downloaded_not_shown(client):
    notes = files.store_upload(PublishedResourceFactory(), upload("notes.txt", b"Some notes."))
    assert client.get(file_url(notes)).status_code == 302
    response = client.get(download_url(notes))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="notes.txt"'


def test_post_is_not_allowed_on_files(client, published_pdf):
    assert client.post(download_url(published_pdf)).status_code == 405
    assert client.post(file_url(published_pdf)).status_code == 405
