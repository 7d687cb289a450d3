"""Hostile files cost the web and worker processes nothing: they fail in a limited child."""

import resource

import pytest
from django.core.exceptions import ValidationError

from atelier.library import files, tasks
from atelier.library.models import ResourceFile
from tests.core import bombs
from tests.library.factories import ResourceFactory
from tests.library.samples import upload

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024


def grown_by(before):
    """Megabytes this process's peak memory grew by since ``before``."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024


def test_a_pdf_whose_page_inflates_to_a_gigabyte_leaves_the_worker_as_it_was():
    bomb = bombs.pdf_with_content_bomb(1024 * MEGABYTE)
    assert len(bomb) < 1.5 * MEGABYTE
    stored = files.store_upload(ResourceFactory(), upload("report.pdf", bomb))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tasks.process_file.enqueue(stored.pk)
    assert grown_by(before) < 30
    stored.refresh_from_db()
    # The renderer ran out of its memory in the child: no thumbnail, and nothing else lost.
    assert not stored.thumbnail
    assert stored.extraction in (ResourceFile.Extraction.NONE, ResourceFile.Extraction.FAILED)


def test_the_worker_goes_on_with_the_next_file_after_a_bomb():
    bomb = files.store_upload(
        ResourceFactory(), upload("bomb.pdf", bombs.pdf_with_content_bomb(1024 * MEGABYTE))
    )
    tasks.process_file.enqueue(bomb.pk)
    plain = files.store_upload(ResourceFactory(), upload("notes.txt", b"Heritage walks."))
    tasks.process_file.enqueue(plain.pk)
    plain.refresh_from_db()
    assert (plain.extraction, plain.extracted_text) == ("done", "Heritage walks.")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("book.epub", bombs.epub_bomb(2048 * MEGABYTE)),
        ("report.docx", bombs.docx_bomb(2048 * MEGABYTE)),
    ],
)
def test_a_zip_bomb_is_refused_at_upload_by_what_it_declares(name, content):
    assert len(content) < 3 * MEGABYTE
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ValidationError) as error:
        files.store_upload(ResourceFactory(), upload(name, content))
    assert error.value.messages == [
        f"“{name}” would unpack to far more data than it holds (a “zip bomb”), "
        "so it was not accepted."
    ]
    assert grown_by(before) < 30


def test_a_picture_thumbnail_is_made_within_the_sandbox_limit(settings):
    settings.ATELIER_SANDBOX_MEMORY_MB = 96
    # 6000 × 6000 pixels: 108 MB decoded, more than the child may take.
    stored = files.store_upload(ResourceFactory(), upload("map.png", bombs.png(6000, 6000)))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tasks.process_file.enqueue(stored.pk)
    assert grown_by(before) < 30
    stored.refresh_from_db()
    assert not stored.thumbnail
    settings.ATELIER_SANDBOX_MEMORY_MB = 256
    tasks.process_file.enqueue(stored.pk)
    stored.refresh_from_db()
    assert stored.thumbnail
