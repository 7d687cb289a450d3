"""Avatars with more pixels than an avatar needs are refused before a pixel is decoded."""

import io
import resource

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.accounts.conftest import stored_files
from tests.core import bombs

pytestmark = pytest.mark.django_db

URL = reverse("accounts:edit-profile")


def upload(client, avatar):
    return client.post(URL, {"display_name": "Alice", "preferred_language": "en", "avatar": avatar})


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_a_small_file_of_88_megapixels_is_refused_without_being_decoded(
    signed_in, alice, media_root
):
    huge = bombs.png(9400, 9400)
    assert len(huge) < 300_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    response = upload(signed_in, SimpleUploadedFile("me.png", huge, "image/png"))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "avatar": [
            "“me.png” has too many pixels (88.4 megapixels). A picture may have at most 16 "
            "megapixels."
        ]
    }
    # Decoded, it would have taken 265 MB of this process.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 30 * 1024
    alice.refresh_from_db()
    assert not alice.avatar
    assert stored_files(media_root) == []


def test_the_avatar_limit_is_a_setting(signed_in, alice, settings):
    settings.ATELIER_AVATAR_MAX_PIXELS = 1_000_000
    response = upload(signed_in, SimpleUploadedFile("me.png", bombs.png(1200, 1000), "image/png"))
    assert response.status_code == 200
    alice.refresh_from_db()
    assert not alice.avatar
    settings.ATELIER_AVATAR_MAX_PIXELS = 2_000_000
    upload(signed_in, SimpleUploadedFile("me.png", bombs.png(1200, 1000), "image/png"))
    alice.refresh_from_db()
    assert alice.avatar


def test_a_photo_taken_sideways_is_stored_upright(signed_in, alice, media_root):
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned a quarter: the picture turns back clockwise
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (10, 120, 200)).save(buffer, format="JPEG", exif=exif.tobytes())
    upload(signed_in, SimpleUploadedFile("side.jpg", buffer.getvalue(), "image/jpeg"))
    alice.refresh_from_db()
    with Image.open(media_root / alice.avatar.name) as image:
        assert (image.format, image.size) == ("JPEG", (341, 512))
        assert dict(image.getexif()) == {}
