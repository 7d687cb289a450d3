"""Library files live outside MEDIA_ROOT: only the views that check permissions serve them."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from atelier.library import files
from tests.library import samples
from tests.library.factories import ResourceFactory
from tests.library.samples import upload

pytestmark = pytest.mark.django_db


def test_a_submitted_file_is_private_and_only_its_contributor_may_fetch_it(client, alice, bob):
    stored = files.store_upload(ResourceFactory(contributor=alice), upload("d.pdf", samples.pdf()))
    path = Path(stored.file.path)
    assert path.is_file()
    assert Path(settings.ATELIER_PRIVATE_ROOT) in path.parents
    assert Path(settings.MEDIA_ROOT) not in path.parents
    with pytest.raises(ValueError):
        stored.file.url  # noqa: B018 - a private file has no public address
    assert client.get(f"{settings.MEDIA_URL}{stored.file.name}").status_code == 404

    download = reverse("library:download", args=[stored.pk])
    assert client.get(download).status_code in (302, 403)
    client.force_login(bob)
    assert client.get(download).status_code == 403
    client.force_login(alice)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == path.read_bytes()
