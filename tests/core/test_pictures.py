"""Pictures are refused by their header above a pixel budget, and decoded only in a child."""

import io
import resource

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from atelier.core import uploads
from tests.core import bombs


def picture(kind="PNG", size=(800, 600), mode="RGB", **save):
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 60) if mode == "RGB" else None).save(
        buffer, format=kind, **save
    )
    return buffer.getvalue()


def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded(settings):
    settings.ATELIER_IMAGE_MAX_PIXELS = 40_000_000
    huge = bombs.png(9400, 9400)
    assert len(huge) < 300_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ValidationError) as error:
        uploads.check_picture(io.BytesIO(huge), "poster.png")
    assert error.value.code == "too_many_pixels"
    assert error.value.messages == [
        "“poster.png” has too many pixels (88.4 megapixels). A picture may have at most "
        "40 megapixels."
    ]
    # Decoded, it would have taken 265 MB.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20 * 1024


def test_the_header_gives_format_and_size():
    header = uploads.check_picture(io.BytesIO(picture("JPEG")), "photo.jpg")
    assert (header.format, header.width, header.height) == ("JPEG", 800, 600)


def test_a_format_not_asked_for_is_unreadable():
    with pytest.raises(ValidationError) as error:
        uploads.check_picture(io.BytesIO(picture("GIF", mode="P")), "anim.gif")
    assert error.value.code == "not_image"


def test_a_picture_below_pillows_own_refusal_is_measured_by_ours(settings):
    settings.ATELIER_IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(ValidationError) as error:
        uploads.check_picture(io.BytesIO(bombs.png(1500, 1000)), "wide.png")
    assert error.value.messages == [
        "“wide.png” has too many pixels (1.5 megapixels). A picture may have at most 1 megapixels."
    ]


def test_pillow_refuses_to_decode_beyond_the_same_budget_anywhere(settings):
    # Set when the project starts: anything outside these checks (Django's ImageField).
    assert Image.MAX_IMAGE_PIXELS == settings.ATELIER_IMAGE_MAX_PIXELS


def test_a_picture_is_re_encoded_in_the_sandbox_upright_and_small():
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the camera on its side: turn a quarter clockwise
    exif[0x010F] = "Spy Camera Inc."
    content = picture("JPEG", size=(1200, 800), exif=exif.tobytes())
    upload = SimpleUploadedFile("photo.jpg", content, "image/jpeg")
    result = uploads.reencode_picture(upload, "photo.jpg", side=600, output="webp")
    assert result["format"] == "WEBP"
    with Image.open(io.BytesIO(result["content"])) as image:
        assert (image.format, image.size) == ("WEBP", (400, 600))
        assert b"Spy Camera" not in result["content"]


def test_a_square_crop_takes_the_centre():
    content = picture("PNG", size=(1600, 1000))
    result = uploads.reencode_picture(
        io.BytesIO(content), "cover.png", side=3000, square=True, output="jpeg-or-png"
    )
    assert (result["format"], result["width"], result["height"]) == ("JPEG", 1000, 1000)


def test_a_picture_that_breaks_while_decoding_is_refused():
    damaged = picture("PNG", size=(400, 400))[:-200]
    with pytest.raises(ValidationError) as error:
        uploads.reencode_picture(io.BytesIO(damaged), "cut.png", side=100)
    assert error.value.code == "not_image"
    assert error.value.messages == ["“cut.png” is a damaged or oversized picture."]
