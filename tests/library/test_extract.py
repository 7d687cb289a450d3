"""The background task reads stored files: text for search, thumbnails, durations."""

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from atelier.core import uploads
from atelier.library import extract, files, tasks
from atelier.library.models import ResourceFile
from tests.library import samples
from tests.library.factories import PublishedResourceFactory, ResourceFactory
from tests.library.samples import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_root(settings):
    """Where thumbnails are kept, with the files they show: outside MEDIA_ROOT."""
    return Path(settings.ATELIER_PRIVATE_ROOT)


def processed(name, content, resource=None, **kwargs):
    """A file stored and then processed by the real background task."""
    stored = files.store_upload(resource or ResourceFactory(), upload(name, content), **kwargs)
    tasks.process_file.enqueue(stored.pk)
    stored.refresh_from_db()
    return stored


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "toolkit.pdf",
            samples.pdf("Audience development toolkit", "Second page: participatory budgeting"),
            "Audience development toolkit\n\nSecond page: participatory budgeting",
        ),
        (
            "guide.docx",
            samples.docx("First paragraph of the guide.", "Zweiter Absatz über Kultur."),
            "First paragraph of the guide.\nZweiter Absatz über Kultur.",
        ),
        (
            "guide.odt",
            samples.odt("Първи абзац за културата.", "Drugi odstavek o kulturi."),
            "Първи абзац за културата.\nDrugi odstavek o kulturi.",
        ),
        ("slides.pptx", samples.pptx("Slide one", "Slide two"), "Slide one\n\nSlide two"),
        ("data.xlsx", samples.xlsx("Visitors", "Plovdiv"), "Visitors\nPlovdiv"),
        (
            "book.epub",
            samples.epub("Chapter one.", "Chapter two."),
            "Chapter\n\nChapter one.\n\nChapter\n\nChapter two.",
        ),
        (
            "notes.txt",
            "Notes about ECoC legacy.\r\nŁódź".encode(),
            "Notes about ECoC legacy.\nŁódź",
        ),
        ("readme.md", b"\xef\xbb\xbf# Heading\n\n\n\n\nText.", "# Heading\n\nText."),
    ],
)
def test_text_is_extracted_from_documents(name, content, expected):
    stored = processed(name, content)
    assert stored.extraction == ResourceFile.Extraction.DONE
    assert stored.extracted_text == expected


def test_text_of_captions_is_the_spoken_words():
    resource = ResourceFactory()
    audio = files.store_upload(resource, upload("talk.ogg", samples.sample("hello.ogg")))
    captions = processed(
        "talk.vtt",
        samples.vtt("Hello from the library.", "Hello from the library.", "Goodbye."),
        resource=resource,
        role="captions",
        media=audio,
    )
    assert captions.extracted_text == "Hello from the library.\nGoodbye."


def test_html_text_drops_scripts_and_styles_and_keeps_entities():
    markup = (
        "<html><head><style>p{}</style><script>var secret;</script></head>"
        "<body><h1>Title</h1><p>Caf&eacute; &amp; culture</p><p>Next</p></body></html>"
    )
    assert extract.tidy(extract.html_text(markup), 1000) == "Title\n\nCafé & culture\n\nNext"


def test_a_broken_pdf_is_marked_text_could_not_be_extracted():
    stored = processed("broken.pdf", samples.broken_pdf())
    assert stored.extraction == ResourceFile.Extraction.FAILED
    assert stored.get_extraction_display() == "Text could not be extracted"
    assert stored.extracted_text == ""
    assert not stored.thumbnail


def test_a_pdf_without_text_has_no_text_to_extract():
    stored = processed("scan.pdf", samples.pdf(""))
    assert stored.extraction == ResourceFile.Extraction.NONE


def test_audio_and_pictures_have_no_text_to_extract():
    assert processed("talk.mp3", samples.sample("hello.mp3")).extraction == "none"
    assert processed("photo.png", samples.image("PNG")).extraction == "none"


def test_extracted_text_is_capped(settings):
    settings.ATELIER_LIBRARY_MAX_TEXT_CHARS = 50
    stored = processed("long.txt", b"word " * 1000)
    assert len(stored.extracted_text) == 50


def test_a_document_that_turns_into_a_bomb_after_upload_is_not_unpacked(monkeypatch):
    # Stored under the old limits, read under new ones: extraction holds to the limits too.
    stored = files.store_upload(ResourceFactory(), upload("big.docx", samples.docx("x" * 5000)))
    monkeypatch.setattr(uploads, "ZIP_MAX_TOTAL_BYTES", 1000)
    tasks.process_file.enqueue(stored.pk)
    stored.refresh_from_db()
    assert stored.extraction == ResourceFile.Extraction.FAILED


def test_an_oversized_document_part_is_not_read(monkeypatch):
    monkeypatch.setattr(extract, "XML_MAX_BYTES", 1000)
    stored = processed("big.docx", samples.docx("x" * 5000))
    assert stored.extraction == ResourceFile.Extraction.FAILED


def test_a_docx_with_an_entity_bomb_is_not_expanded():
    document = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    stored = processed("lol.docx", buffer.getvalue())
    assert stored.extraction == ResourceFile.Extraction.FAILED


def test_a_file_missing_from_storage_is_marked_failed_without_crashing(media_root):
    stored = files.store_upload(ResourceFactory(), upload("toolkit.pdf", samples.pdf()))
    Path(stored.file.path).unlink()
    tasks.process_file.enqueue(stored.pk)
    stored.refresh_from_db()
    assert stored.extraction == ResourceFile.Extraction.FAILED


def test_a_file_deleted_before_the_task_runs_is_skipped():
    stored = files.store_upload(ResourceFactory(), upload("toolkit.pdf", samples.pdf()))
    stored.delete()
    tasks.process_file.enqueue(stored.pk)
    assert not ResourceFile.objects.exists()


# Thumbnails -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_a_picture_gets_a_webp_thumbnail(kind, private_root):
    stored = processed("photo", samples.image(kind, size=(1600, 1200)))
    with Image.open(private_root / stored.thumbnail.name) as thumbnail:
        assert (thumbnail.format, thumbnail.size) == ("WEBP", (640, 480))


def test_the_first_page_of_a_pdf_becomes_the_thumbnail(private_root):
    stored = processed("toolkit.pdf", samples.pdf("Cover page", "Second page"))
    with Image.open(private_root / stored.thumbnail.name) as thumbnail:
        assert thumbnail.format == "WEBP"
        # A US Letter page (612 x 792 points) scaled to fit 640 pixels.
        assert thumbnail.size == (495, 640)
        # Dark text on a white page: the thumbnail is not blank.
        darkest, lightest = thumbnail.convert("L").getextrema()
        assert (darkest < 100, lightest) == (True, 255)


def test_documents_and_audio_get_no_thumbnail():
    assert not processed("guide.docx", samples.docx("Hello")).thumbnail
    assert not processed("talk.ogg", samples.sample("hello.ogg")).thumbnail


def test_processing_again_replaces_the_thumbnail(private_root):
    stored = processed("photo.png", samples.image("PNG"))
    first = stored.thumbnail.name
    tasks.process_file.enqueue(stored.pk)
    stored.refresh_from_db()
    assert stored.thumbnail.name != first
    assert not (private_root / first).exists()
    assert (private_root / stored.thumbnail.name).exists()


# Durations ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["hello.ogg", "hello.mp3"])
def test_audio_gets_its_duration(name):
    # Both samples last about 1.9 seconds.
    assert processed(name, samples.sample(name)).duration_seconds == 2


def test_webm_gets_its_duration_from_its_header():
    assert processed("film.webm", samples.webm(seconds=83.4)).duration_seconds == 83


def test_a_media_file_whose_duration_cannot_be_read_has_none():
    stored = processed("film.mp4", samples.mp4())
    assert stored.duration_seconds is None
    assert stored.extraction == ResourceFile.Extraction.NONE


# Search ---------------------------------------------------------------------------------------


def test_the_text_of_a_published_resource_becomes_searchable():
    from atelier.core import search_registry

    resource = PublishedResourceFactory()
    processed("toolkit.pdf", samples.pdf("Zeitgenössische Tanzwerkstatt"), resource=resource)
    source = search_registry.source("resource")
    document = source.document(source.public().get(pk=resource.pk))
    assert document.body == "Zeitgenössische Tanzwerkstatt"
