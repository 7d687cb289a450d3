"""The one upload check: size, type sniffed from the content (never the name), pictures
re-encoded."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from atelier.core import uploads

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _picture(kind="PNG", size=(800, 600), **info):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(buffer, kind, **info)
    return buffer.getvalue()


def test_check_file_takes_a_document_by_its_content_and_names_it_by_its_type():
    checked = uploads.check_file(SimpleUploadedFile("report.exe", PDF))
    assert checked.file_type.key == "pdf"
    assert checked.size == len(PDF)
    assert checked.display_name == "report.exe.pdf"


def test_check_file_refuses_a_file_over_the_limit():
    with pytest.raises(ValidationError) as error:
        uploads.check_file(SimpleUploadedFile("big.pdf", PDF), max_bytes=10)
    assert error.value.code == "too_large"


def test_check_file_refuses_a_program_named_as_a_document():
    with pytest.raises(ValidationError) as error:
        uploads.check_file(SimpleUploadedFile("cv.pdf", b"MZ\x90\x00" + b"\x00" * 100))
    assert error.value.code == "program"


def test_check_file_refuses_a_type_the_caller_does_not_take():
    with pytest.raises(ValidationError) as error:
        uploads.check_file(
            SimpleUploadedFile("photo.pdf", _picture()), accept=uploads.of_families("document")
        )
    assert error.value.code == "type"


def test_clean_picture_re_encodes_without_metadata():
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    original = _picture("JPEG", size=(1200, 900), exif=exif.tobytes())
    cleaned = uploads.clean_picture(
        SimpleUploadedFile("holiday.jpg", original),
        max_bytes=len(original),
        side=300,
        stem="picture",
        output="jpeg-or-png",
    )
    assert cleaned.name == "picture.jpg"
    assert cleaned.content_type == "image/jpeg"
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.size == (300, 225)
        assert not image.getexif()


def test_clean_picture_refuses_an_oversized_file():
    with pytest.raises(ValidationError) as error:
        uploads.clean_picture(
            SimpleUploadedFile("a.png", _picture()), max_bytes=10, side=300, stem="picture"
        )
    assert error.value.code == "too_large"


def test_clean_picture_refuses_what_is_no_picture_whatever_its_name():
    with pytest.raises(ValidationError) as error:
        uploads.clean_picture(
            SimpleUploadedFile("a.png", PDF), max_bytes=10_000, side=300, stem="picture"
        )
    assert error.value.messages == [str(uploads.NOT_A_PICTURE)]
