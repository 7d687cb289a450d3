"""Uploads to the library: type sniffed from content, bad input refused, nothing half-stored."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from PIL import Image

from atelier.core import uploads
from atelier.core.multilingual import MultilingualText
from atelier.library import files, services
from atelier.library.models import Resource, ResourceFile
from tests.core import bombs
from tests.library import samples
from tests.library.factories import ResourceFactory
from tests.library.samples import upload

pytestmark = pytest.mark.django_db


def stored_paths(media_root):
    """Every file written under MEDIA_ROOT or the private root, relative to its root."""
    from django.conf import settings

    roots = [media_root, settings.ATELIER_PRIVATE_ROOT]
    return sorted(
        str(path.relative_to(root))
        for root in roots
        if root.exists()
        for path in root.rglob("*")
        if path.is_file()
    )


def messages_of(error):
    return " ".join(error.value.messages)


ALLOWED = [
    ("toolkit.pdf", lambda: samples.pdf(), "application/pdf", "pdf"),
    (
        "guide.docx",
        lambda: samples.docx("A guide."),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    (
        "guide.odt",
        lambda: samples.odt("A guide."),
        "application/vnd.oasis.opendocument.text",
        "odt",
    ),
    (
        "slides.pptx",
        lambda: samples.pptx("A slide."),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
    (
        "data.xlsx",
        lambda: samples.xlsx("A cell."),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    ("book.epub", lambda: samples.epub("A chapter."), "application/epub+zip", "epub"),
    ("notes.txt", lambda: "Notes in plain text, with ünïcödé.\n".encode(), "text/plain", "txt"),
    ("readme.md", lambda: b"# Title\n\nSome *Markdown*.\n", "text/markdown", "md"),
    ("talk.mp3", lambda: samples.sample("hello.mp3"), "audio/mpeg", "mp3"),
    ("talk.m4a", lambda: samples.mp4(b"M4A "), "audio/mp4", "m4a"),
    ("talk.ogg", lambda: samples.sample("hello.ogg"), "audio/ogg", "ogg"),
    ("film.mp4", lambda: samples.mp4(b"isom"), "video/mp4", "mp4"),
    ("film.webm", lambda: samples.webm(), "video/webm", "webm"),
    ("photo.jpg", lambda: samples.image("JPEG"), "image/jpeg", "jpg"),
    ("photo.png", lambda: samples.image("PNG"), "image/png", "png"),
    ("photo.webp", lambda: samples.image("WEBP"), "image/webp", "webp"),
]


@pytest.mark.parametrize(("name", "make", "mime_type", "extension"), ALLOWED)
def test_each_allowed_type_is_sniffed_from_its_content(
    name, make, mime_type, extension, media_root
):
    resource = ResourceFactory()
    content = make()
    # The name and the claimed content type say nothing true: only the bytes count.
    stored = files.store_upload(resource, upload("download", content, "application/x-anything"))
    if extension == "md":
        # Markdown is plain text; only a name ending in .md makes it Markdown.
        mime_type, extension = "text/plain", "txt"
    assert stored.mime_type == mime_type
    assert stored.file.name.endswith(f".{extension}")
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.original_name == f"download.{extension}"
    assert Path(stored.file.path).read_bytes() == content


@pytest.mark.parametrize(("name", "make", "mime_type", "extension"), ALLOWED)
def test_each_allowed_type_keeps_its_own_name(name, make, mime_type, extension):
    stored = files.store_upload(ResourceFactory(), upload(name, make()))
    assert stored.original_name == name
    assert stored.extraction == ResourceFile.Extraction.PENDING


def test_a_file_is_stored_under_a_generated_name_not_the_uploaded_one(media_root):
    stored = files.store_upload(ResourceFactory(), upload("Audience toolkit.pdf", samples.pdf()))
    assert stored.file.name.startswith("library/files/")
    assert "Audience" not in stored.file.name
    assert stored_paths(media_root) == [stored.file.name]


def test_a_file_named_like_another_type_gets_the_sniffed_extension():
    stored = files.store_upload(ResourceFactory(), upload("report.docx", samples.pdf()))
    assert stored.mime_type == "application/pdf"
    assert stored.original_name == "report.docx.pdf"
    assert stored.file.name.endswith(".pdf")


def test_a_name_with_folders_keeps_only_a_clean_display_name(media_root):
    stored = files.store_upload(ResourceFactory(), upload("../../etc/passwd.pdf", samples.pdf()))
    assert stored.original_name == "passwd.pdf"
    assert ".." not in stored.file.name
    assert stored_paths(media_root) == [stored.file.name]
    assert not (media_root.parent / "etc").exists()


def test_a_windows_path_and_invisible_characters_are_cleaned_from_the_name():
    # U+202E turns "cod.exe" around on screen so that it looks like "exe.doc".
    stored = files.store_upload(
        ResourceFactory(), upload("C:\\Users\\me\\..\\evil\u202ecod.exe.pdf", samples.pdf())
    )
    assert stored.original_name == "evilcod.exe.pdf"


def test_a_name_of_dots_only_becomes_a_plain_file_name():
    stored = files.store_upload(ResourceFactory(), upload("....", samples.pdf()))
    assert stored.original_name == "file.pdf"


def test_a_markdown_file_is_text_whatever_its_name_and_markdown_by_name():
    resource = ResourceFactory()
    assert files.store_upload(resource, upload("notes.markdown", b"# Notes")).mime_type == (
        "text/markdown"
    )
    assert files.store_upload(resource, upload("notes.rtf", b"# Notes")).mime_type == "text/plain"


def test_files_of_a_resource_are_numbered_in_upload_order():
    resource = ResourceFactory()
    first = files.store_upload(resource, upload("a.pdf", samples.pdf()))
    second = files.store_upload(resource, upload("b.pdf", samples.pdf()))
    assert (first.position, second.position) == (0, 1)


# Bad input ------------------------------------------------------------------------------------


def assert_refused(media_root, name, content, expected, role=ResourceFile.Role.MAIN):
    resource = ResourceFactory()
    with pytest.raises(ValidationError) as error:
        files.store_upload(resource, upload(name, content), role=role)
    assert expected in messages_of(error)
    assert ResourceFile.objects.count() == 0
    assert stored_paths(media_root) == []


def test_a_file_over_the_limit_is_refused_naming_the_limit(settings, media_root):
    settings.ATELIER_LIBRARY_MAX_UPLOAD_BYTES = 1000
    assert_refused(
        media_root,
        "big.pdf",
        b"%PDF-1.4\n".ljust(2048, b"x"),
        "“big.pdf” is too large (2.0\xa0KB). The limit is 1000\xa0bytes.",
    )


def test_a_file_that_grows_beyond_its_declared_size_is_refused_while_read(settings, media_root):
    settings.ATELIER_LIBRARY_MAX_UPLOAD_BYTES = 1000
    lying = upload("small.txt", b"a" * 5000)
    lying.size = 10
    with pytest.raises(ValidationError) as error:
        files.store_upload(ResourceFactory(), lying)
    assert "The limit is 1000" in messages_of(error)
    assert stored_paths(media_root) == []


@pytest.mark.parametrize(
    "content", [samples.windows_program(), samples.elf_program(), b"#!/bin/sh\nrm -rf ~\n"]
)
def test_a_program_renamed_pdf_is_refused(content, media_root):
    assert_refused(
        media_root,
        "toolkit.pdf",
        content,
        "“toolkit.pdf” is a program or a script, not a document. Programs are never accepted.",
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("drawing.svg", b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("page.html", b"<!DOCTYPE html><html><body><p>Hello</p></body></html>"),
        ("notes.txt", b"<html><script>document.cookie</script></html>"),
        ("notes.txt", b"Plain words at first.\n" * 1000 + b"then <script>alert(1)</script>"),
        ("notes.md", b"# Notes\n\n<iframe src=https://example.org></iframe>\n"),
    ],
)
def test_svg_and_html_with_a_script_are_refused_even_named_txt(name, content, media_root):
    assert_refused(
        media_root,
        name,
        content,
        f"“{name}” is a web page, an SVG picture or contains scripts, which the library does "
        "not accept. Upload it as PDF or as plain text.",
    )


def test_a_script_split_across_read_chunks_is_found(media_root):
    chunk = 64 * 1024
    content = b"a" * (chunk - 3) + b"<script>alert(1)</script>"
    big = upload("notes.txt", content)
    big.DEFAULT_CHUNK_SIZE = chunk
    with pytest.raises(ValidationError):
        files.store_upload(ResourceFactory(), big)
    assert stored_paths(media_root) == []


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(media_root):
    bomb = samples.zip_bomb_docx(megabytes=64)
    assert len(bomb) < 100_000
    assert_refused(
        media_root,
        "report.docx",
        bomb,
        "“report.docx” would unpack to far more data than it holds (a “zip bomb”), "
        "so it was not accepted.",
    )


def test_a_docx_with_too_many_parts_is_refused(media_root):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(uploads.ZIP_MAX_MEMBERS):
            archive.writestr(f"word/media/{number}.xml", "")
    assert_refused(media_root, "many.docx", buffer.getvalue(), "holds too many parts")


def test_an_archive_promising_too_much_data_in_total_is_refused(settings, media_root, monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_TOTAL_BYTES", 1000)
    assert_refused(media_root, "big.docx", samples.docx("x" * 2000), "a “zip bomb”")


def test_a_document_with_macros_is_refused(media_root):
    content = samples.docx("Hello", extra={"word/vbaProject.bin": b"\x00" * 10})
    assert_refused(media_root, "macro.docm", content, "contains macros")


def test_a_plain_zip_archive_is_refused(media_root):
    assert_refused(media_root, "all.zip", samples.plain_zip(), "rather than in a ZIP archive")


def test_an_opendocument_spreadsheet_is_not_accepted(media_root):
    assert_refused(media_root, "sheet.ods", samples.ods(), "is not a file type the library accepts")


def test_a_damaged_zip_container_is_refused(media_root):
    assert_refused(media_root, "cut.docx", samples.docx("Hello")[:60], "is damaged")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anim.gif", samples.gif()),
        ("clip.mkv", samples.mkv()),
        ("clip.mov", samples.mp4(b"qt  ")),
        ("photo.heic", samples.mp4(b"heic")),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        ("all.tar.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 20),
        ("latin1.txt", "Café au lait".encode("latin-1")),
        ("binary.dat", bytes(range(256))),
    ],
)
def test_other_types_are_not_accepted(name, content, media_root):
    assert_refused(media_root, name, content, "is not a file type the library accepts")


def test_text_that_is_not_utf8_beyond_the_first_bytes_is_refused(media_root):
    content = b"plain words " * 2000 + "déjà".encode("latin-1")
    assert_refused(media_root, "notes.txt", content, "is not a text file in UTF-8")


def test_text_with_a_nul_byte_is_refused(media_root):
    content = b"plain words " * 2000 + b"\x00binary"
    assert_refused(media_root, "notes.txt", content, "is not a text file in UTF-8")


def test_an_empty_file_is_refused(media_root):
    assert_refused(media_root, "empty.pdf", b"", "“empty.pdf” is empty.")


def test_a_damaged_picture_is_refused(media_root):
    assert_refused(media_root, "photo.png", samples.image("PNG")[:100], "is a damaged")


def test_a_picture_bomb_is_refused(media_root):
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, format="PNG")
    assert_refused(
        media_root,
        "huge.png",
        buffer.getvalue(),
        "“huge.png” has too many pixels (400 megapixels). A picture may have at most 40 "
        "megapixels.",
    )


def test_a_picture_under_pillows_own_budget_but_over_ours_is_refused_by_its_header(media_root):
    # 9400 × 9400 pixels in 260 KB: 265 MB once decoded, just under Pillow's default budget.
    assert_refused(
        media_root,
        "poster.png",
        bombs.png(9400, 9400),
        "“poster.png” has too many pixels (88.4 megapixels). A picture may have at most 40 "
        "megapixels.",
    )


def test_captions_are_not_a_main_file(media_root):
    assert_refused(media_root, "talk.vtt", samples.vtt("Hello"), "holds captions (WebVTT)")


def test_captions_must_be_webvtt(media_root):
    resource = ResourceFactory()
    audio = files.store_upload(resource, upload("talk.ogg", samples.sample("hello.ogg")))
    with pytest.raises(ValidationError) as error:
        files.store_upload(
            resource, upload("talk.txt", b"Hello"), role=ResourceFile.Role.CAPTIONS, media=audio
        )
    assert "cannot be used as Captions (WebVTT): upload a WebVTT file." in messages_of(error)
    assert list(resource.files.all()) == [audio]


def test_captions_belong_to_an_audio_or_video_file_of_the_same_resource():
    resource = ResourceFactory()
    document = files.store_upload(resource, upload("toolkit.pdf", samples.pdf()))
    with pytest.raises(ValidationError) as error:
        files.store_upload(
            resource, upload("c.vtt", samples.vtt("Hi")), role="captions", media=document
        )
    assert error.value.message_dict == {
        "media": ["Captions and transcripts belong to an audio or video file."]
    }


def test_captions_and_a_plain_text_transcript_attach_to_an_audio_file(media_root):
    resource = ResourceFactory()
    audio = files.store_upload(resource, upload("talk.ogg", samples.sample("hello.ogg")))
    captions = files.store_upload(
        resource,
        upload("talk.vtt", samples.vtt("Hello")),
        role=ResourceFile.Role.CAPTIONS,
        media=audio,
        language="en",
        label="English",
    )
    transcript = files.store_upload(
        resource,
        upload("talk.txt", b"Hello from the Atelier library."),
        role=ResourceFile.Role.TRANSCRIPT,
        media=audio,
        language="en",
    )
    assert (captions.mime_type, captions.media, captions.language, captions.label) == (
        "text/vtt",
        audio,
        "en",
        "English",
    )
    assert (transcript.mime_type, transcript.media) == ("text/plain", audio)
    assert list(audio.tracks.all()) == [captions, transcript]


def test_a_broken_pdf_is_stored_and_its_text_is_marked_unreadable_later():
    # Readers open many PDFs pypdf cannot parse, so a broken one is kept; the background task
    # says "text could not be extracted" (see test_extract).
    stored = files.store_upload(ResourceFactory(), upload("broken.pdf", samples.broken_pdf()))
    assert stored.mime_type == "application/pdf"


# Nothing half-stored --------------------------------------------------------------------------


def test_one_bad_upload_among_good_ones_stores_none(media_root):
    resource = ResourceFactory()
    uploads = [
        upload("a.pdf", samples.pdf()),
        upload("virus.pdf", samples.windows_program()),
        upload("b.docx", samples.docx("B")),
        upload("page.html", b"<html></html>"),
    ]
    with pytest.raises(ValidationError) as error:
        files.store_uploads(resource, uploads)
    assert [message.split("”")[0] for message in error.value.messages] == [
        "“virus.pdf",
        "“page.html",
    ]
    assert ResourceFile.objects.count() == 0
    assert stored_paths(media_root) == []


def test_files_stored_in_a_transaction_that_rolls_back_are_deleted(media_root):
    resource = ResourceFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        stored = files.store_uploads(
            resource, [upload("a.pdf", samples.pdf()), upload("b.ogg", samples.sample("hello.ogg"))]
        )
        assert stored_paths(media_root) == sorted(each.file.name for each in stored)
        raise RuntimeError("something later in the submission failed")
    assert ResourceFile.objects.count() == 0
    assert stored_paths(media_root) == []


def test_files_stored_in_a_transaction_that_commits_stay(
    media_root, django_capture_on_commit_callbacks
):
    resource = ResourceFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        stored = files.store_upload(resource, upload("a.pdf", samples.pdf()))
    assert stored_paths(media_root) == [stored.file.name]


def test_files_stored_outside_a_transaction_stay(transactional_db, media_root):
    resource = ResourceFactory()
    stored = files.store_upload(resource, upload("a.pdf", samples.pdf()))
    assert stored_paths(media_root) == [stored.file.name]
    assert ResourceFile.objects.get().file.name == stored.file.name


def submission(**fields):
    return {
        "kind": "toolkit",
        "title": MultilingualText("Audience development toolkit", "en"),
        "abstract": MultilingualText("How to reach new audiences.", "en"),
        "languages": ["en"],
        "licence": "cc-by",
        **fields,
    }


def test_a_submission_with_one_bad_file_leaves_no_resource_and_no_file(alice, media_root):
    with pytest.raises(ValidationError) as error:
        services.submit_resource(
            alice,
            fields=submission(),
            uploads=[
                upload("toolkit.pdf", samples.pdf()),
                upload("setup.pdf", samples.windows_program()),
            ],
        )
    assert error.value.message_dict == {
        "files": [
            "“setup.pdf” is a program or a script, not a document. Programs are never accepted."
        ]
    }
    assert Resource.objects.count() == 0
    assert ResourceFile.objects.count() == 0
    assert stored_paths(media_root) == []


def test_a_submission_refused_after_its_cover_was_stored_leaves_no_cover(alice, media_root):
    with pytest.raises(ValidationError):
        services.submit_resource(
            alice,
            fields=submission(title=MultilingualText("", "en")),
            uploads=[upload("toolkit.pdf", samples.pdf())],
            cover=upload("cover.png", samples.image("PNG")),
        )
    assert Resource.objects.count() == 0
    assert stored_paths(media_root) == []


def test_a_submission_stores_its_files_and_reads_them_after_commit(
    alice, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        resource = services.submit_resource(
            alice,
            fields=submission(),
            uploads=[upload("toolkit.pdf", samples.pdf("Participatory budgeting in Plovdiv."))],
        )
    stored = resource.files.get()
    assert stored.original_name == "toolkit.pdf"
    assert stored.extraction == ResourceFile.Extraction.DONE
    assert "Participatory budgeting in Plovdiv." in stored.extracted_text
    assert sorted(stored_paths(media_root)) == sorted([stored.file.name, stored.thumbnail.name])


# Covers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_a_cover_is_reencoded_to_webp_within_the_size_cap(kind, media_root):
    resource = ResourceFactory()
    files.store_cover(resource, upload("cover.bin", samples.image(kind, size=(3200, 1000))))
    resource.save()
    with Image.open(media_root / resource.cover.name) as image:
        assert (image.format, image.size) == ("WEBP", (1600, 500))
    assert resource.cover.name.endswith(".webp")


def test_a_cover_that_is_not_a_picture_is_refused(media_root):
    resource = ResourceFactory()
    with pytest.raises(ValidationError) as error:
        files.store_cover(resource, upload("cover.jpg", samples.pdf()))
    assert error.value.message_dict == {
        "cover": ["“cover.jpg” is not a JPEG, PNG or WebP picture."]
    }
    assert stored_paths(media_root) == []


def test_a_new_cover_replaces_the_old_one_on_disk(media_root, django_capture_on_commit_callbacks):
    resource = ResourceFactory()
    with django_capture_on_commit_callbacks(execute=True):
        files.store_cover(resource, upload("one.png", samples.image("PNG")))
        resource.save()
    first = resource.cover.name
    with django_capture_on_commit_callbacks(execute=True):
        files.store_cover(resource, upload("two.png", samples.image("PNG", colour=(0, 0, 0))))
        resource.save()
    assert stored_paths(media_root) == [resource.cover.name]
    assert resource.cover.name != first
