"""Thumbnails show a file's first page: they are kept and served like the file itself."""

import importlib
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from atelier.library import files, services, tasks
from atelier.library.models import Status
from tests.library import samples
from tests.library.factories import ResourceFactory
from tests.library.samples import upload

pytestmark = pytest.mark.django_db


def with_thumbnail(resource):
    stored = files.store_upload(resource, upload("toolkit.pdf", samples.pdf("Confidential plan")))
    tasks.process_file.enqueue(stored.pk)
    stored.refresh_from_db()
    assert stored.thumbnail
    return stored


def thumbnail_url(stored):
    return reverse("library:thumbnail", args=[stored.pk])


@pytest.fixture
def submitted(alice):
    return with_thumbnail(ResourceFactory(contributor=alice, status=Status.SUBMITTED))


def test_a_thumbnail_is_kept_outside_the_public_media(client, submitted, media_root):
    path = Path(submitted.thumbnail.path)
    assert Path(settings.ATELIER_PRIVATE_ROOT) in path.parents
    assert not (media_root / submitted.thumbnail.name).exists()
    assert client.get(f"{settings.MEDIA_URL}{submitted.thumbnail.name}").status_code == 404
    with pytest.raises(ValueError):
        submitted.thumbnail.url  # noqa: B018 - a private file has no public address


@pytest.mark.parametrize("who", ["alice", "mona"])
def test_those_who_may_fetch_the_file_see_its_thumbnail(client, submitted, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(thumbnail_url(submitted))
    assert response.status_code == 200
    assert response.content == Path(submitted.thumbnail.path).read_bytes()
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize("who", [None, "bob", "cora"])
def test_those_who_may_not_fetch_the_file_do_not_see_its_thumbnail(client, submitted, who, request):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(thumbnail_url(submitted))
    assert response.status_code == 403
    assert b"RIFF" not in response.content


def test_a_published_thumbnail_is_open_to_everyone_and_may_be_cached(client, submitted, mona):
    services.approve(mona, submitted.resource)
    response = client.get(thumbnail_url(submitted))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=600"
    etag = response["ETag"]
    assert client.get(thumbnail_url(submitted), headers={"If-None-Match": etag}).status_code == 304


def test_a_withdrawn_resource_takes_its_thumbnail_back(client, submitted, mona):
    services.approve(mona, submitted.resource)
    assert client.get(thumbnail_url(submitted)).status_code == 200
    services.withdraw(mona, submitted.resource, "Outdated")
    assert client.get(thumbnail_url(submitted)).status_code == 403


def test_a_file_without_thumbnail_has_none_to_serve(client, alice):
    stored = files.store_upload(ResourceFactory(contributor=alice), upload("a.txt", b"Notes"))
    client.force_login(alice)
    assert client.get(thumbnail_url(stored)).status_code == 404


def test_a_coordinator_who_sees_a_submission_gets_no_download_link_or_preview(
    client, submitted, cora
):
    client.force_login(cora)
    response = client.get(submitted.resource.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "toolkit.pdf" in html
    assert reverse("library:download", args=[submitted.pk]) not in html
    assert thumbnail_url(submitted) not in html
    assert "The files can be downloaded once the resource is published." in html


def test_the_contributor_gets_the_download_link_and_the_preview(client, submitted, alice):
    client.force_login(alice)
    html = client.get(submitted.resource.get_absolute_url()).content.decode()
    assert f'href="{reverse("library:download", args=[submitted.pk])}" download' in html
    assert f'<img src="{thumbnail_url(submitted)}"' in html
    assert "The files can be downloaded once the resource is published." not in html


def test_the_migration_moves_public_thumbnails_to_the_private_storage(submitted, media_root):
    # As they were before: the thumbnail under MEDIA_ROOT.
    private_path = Path(submitted.thumbnail.path)
    public_path = media_root / submitted.thumbnail.name
    public_path.parent.mkdir(parents=True)
    shutil.move(private_path, public_path)
    migration = importlib.import_module("atelier.library.migrations.0007_private_thumbnails")
    migration.to_private(apps, None)
    assert private_path.is_file()
    assert not public_path.exists()
