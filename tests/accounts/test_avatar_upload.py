"""Avatars: stored re-encoded under a generated name; non-images, huge files and SVG refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.accounts.conftest import image_bytes, stored_files

pytestmark = pytest.mark.django_db

URL = reverse("accounts:edit-profile")
NOT_AN_IMAGE = "This file is not an image Atelier can use. Upload a JPEG, PNG or WebP picture."

SVG_WITH_SCRIPT = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
  <script type="text/javascript">alert(document.cookie)</script>
  <rect width="64" height="64" fill="#c81e5a"/>
</svg>
"""


def upload(client, avatar, **fields):
    data = {
        "display_name": "Alice Renamed",
        "organisation": "New organisation",
        "preferred_language": "en",
        "avatar": avatar,
        **fields,
    }
    return client.post(URL, data)


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_avatar_png_is_stored_under_a_generated_name(signed_in, alice, png_bytes, media_root):
    response = upload(signed_in, SimpleUploadedFile("holiday-photo.png", png_bytes, "image/png"))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.avatar.name.startswith("avatars/")
    assert "holiday-photo" not in alice.avatar.name
    assert len(alice.avatar.name) == len("avatars/") + 32 + len(".jpg")
    assert stored_files(media_root) == [alice.avatar.name]


def test_avatar_is_re_encoded_and_resized(signed_in, alice, media_root):
    big = image_bytes("PNG", size=(1200, 900))
    upload(signed_in, SimpleUploadedFile("me.png", big, "image/png"))
    alice.refresh_from_db()
    stored = (media_root / alice.avatar.name).read_bytes()
    assert stored != big
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("JPEG", (512, 384))


def test_avatar_with_transparency_stays_a_png(signed_in, alice, media_root):
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 40), (10, 20, 30, 128)).save(buffer, format="PNG")
    upload(signed_in, SimpleUploadedFile("me.png", buffer.getvalue(), "image/png"))
    alice.refresh_from_db()
    assert alice.avatar.name.endswith(".png")
    with Image.open(media_root / alice.avatar.name) as image:
        assert (image.format, image.mode) == ("PNG", "RGBA")


def test_avatar_jpeg_drops_its_metadata(signed_in, alice, media_root):
    exif = Image.Exif()
    exif[0x010F] = "Spy Camera Inc."  # Make
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50), (1, 2, 3)).save(buffer, format="JPEG", exif=exif.tobytes())
    upload(signed_in, SimpleUploadedFile("me.jpg", buffer.getvalue(), "image/jpeg"))
    alice.refresh_from_db()
    stored = (media_root / alice.avatar.name).read_bytes()
    assert b"Spy Camera Inc." not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert dict(image.getexif()) == {}


def test_avatar_new_one_replaces_the_old_file_on_disk(
    signed_in, alice, png_bytes, media_root, django_capture_on_commit_callbacks
):
    upload(signed_in, SimpleUploadedFile("first.png", png_bytes, "image/png"))
    alice.refresh_from_db()
    first = alice.avatar.name
    second_bytes = image_bytes("PNG", colour=(0, 120, 0))
    # The old file goes only once the new avatar is committed.
    with django_capture_on_commit_callbacks(execute=True):
        upload(signed_in, SimpleUploadedFile("second.png", second_bytes, "image/png"))
    alice.refresh_from_db()
    assert alice.avatar.name != first
    assert stored_files(media_root) == [alice.avatar.name]


def test_avatar_remove_deletes_the_file(
    signed_in, alice, png_bytes, media_root, django_capture_on_commit_callbacks
):
    upload(signed_in, SimpleUploadedFile("first.png", png_bytes, "image/png"))
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(signed_in, "", remove_avatar="on")
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.avatar.name == ""
    assert stored_files(media_root) == []


def test_avatar_saving_the_form_without_a_file_keeps_the_avatar(
    signed_in, alice, png_bytes, media_root, django_capture_on_commit_callbacks
):
    upload(signed_in, SimpleUploadedFile("first.png", png_bytes, "image/png"))
    alice.refresh_from_db()
    first = alice.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        upload(signed_in, "")
    alice.refresh_from_db()
    assert alice.avatar.name == first
    assert stored_files(media_root) == [first]


def assert_refused(response, alice, media_root, error):
    assert response.status_code == 200
    assert response.context["form"].errors == {"avatar": [error]}
    html = response.content.decode()
    assert "The profile was not saved. Please correct the fields marked below." in html
    assert error in html
    assert stored_files(media_root) == []
    alice.refresh_from_db()
    assert (alice.display_name, alice.organisation, alice.avatar.name) == ("Alice Member", "", "")


def test_avatar_text_file_named_png_is_refused(signed_in, alice, media_root):
    text = SimpleUploadedFile("avatar.png", b"I am not a picture at all.\n" * 20, "image/png")
    assert_refused(upload(signed_in, text), alice, media_root, NOT_AN_IMAGE)


def test_avatar_svg_with_a_script_is_refused(signed_in, alice, media_root):
    svg = SimpleUploadedFile("avatar.svg", SVG_WITH_SCRIPT, "image/svg+xml")
    assert_refused(upload(signed_in, svg), alice, media_root, NOT_AN_IMAGE)


def test_avatar_svg_renamed_to_png_is_refused(signed_in, alice, media_root):
    svg = SimpleUploadedFile("avatar.png", SVG_WITH_SCRIPT, "image/png")
    assert_refused(upload(signed_in, svg), alice, media_root, NOT_AN_IMAGE)


def test_avatar_gif_is_refused_though_it_is_an_image(signed_in, alice, media_root):
    gif = SimpleUploadedFile("avatar.gif", image_bytes("GIF"), "image/gif")
    assert_refused(upload(signed_in, gif), alice, media_root, NOT_AN_IMAGE)


def test_avatar_truncated_png_is_refused(signed_in, alice, media_root, png_bytes):
    broken = SimpleUploadedFile("avatar.png", png_bytes[: len(png_bytes) // 2], "image/png")
    assert_refused(upload(signed_in, broken), alice, media_root, NOT_AN_IMAGE)


def test_avatar_of_20_mb_is_refused_as_too_large(signed_in, alice, media_root, tmp_path):
    # A real 20 MB file that starts as a valid PNG: the size alone must refuse it.
    path = tmp_path / "huge.png"
    path.write_bytes(image_bytes("PNG") + b"\0" * (20 * 1024 * 1024))
    with path.open("rb") as huge:
        response = upload(signed_in, huge)
    assert_refused(
        response, alice, media_root, "The image is too large (20.0\xa0MB). The limit is 5.0\xa0MB."
    )


def test_avatar_limit_follows_the_setting(signed_in, alice, media_root, settings, png_bytes):
    settings.ATELIER_AVATAR_MAX_BYTES = 10
    avatar = SimpleUploadedFile("avatar.png", png_bytes, "image/png")
    size = len(png_bytes)
    assert_refused(
        upload(signed_in, avatar),
        alice,
        media_root,
        f"The image is too large ({size}\xa0bytes). The limit is 10\xa0bytes.",
    )


def test_avatar_refused_leaves_the_old_avatar_in_place(
    signed_in, alice, png_bytes, media_root, django_capture_on_commit_callbacks
):
    upload(signed_in, SimpleUploadedFile("first.png", png_bytes, "image/png"))
    alice.refresh_from_db()
    first = alice.avatar.name
    svg = SimpleUploadedFile("avatar.svg", SVG_WITH_SCRIPT, "image/svg+xml")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(signed_in, svg, display_name="Should not be saved")
    assert response.status_code == 200
    alice.refresh_from_db()
    assert (alice.display_name, alice.avatar.name) == ("Alice Renamed", first)
    assert stored_files(media_root) == [first]


def test_avatar_valid_but_another_field_bad_stores_no_file(signed_in, alice, png_bytes, media_root):
    avatar = SimpleUploadedFile("me.png", png_bytes, "image/png")
    response = upload(signed_in, avatar, country="XX")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["country"]
    assert stored_files(media_root) == []
    alice.refresh_from_db()
    assert (alice.display_name, alice.avatar.name) == ("Alice Member", "")


def test_avatar_decompression_bomb_is_refused(signed_in, alice, media_root):
    # A few kilobytes that would unpack to 100 million pixels.
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 100_000
    bomb = SimpleUploadedFile("avatar.png", buffer.getvalue(), "image/png")
    assert_refused(
        upload(signed_in, bomb),
        alice,
        media_root,
        "“avatar.png” has too many pixels (100 megapixels). A picture may have at most 16 "
        "megapixels.",
    )
