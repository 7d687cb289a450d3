"""What the background task learns from a stored file: its text, a thumbnail, its duration.

Text is extracted for search from PDF, DOCX, ODT, PPTX, XLSX, EPUB, HTML, TXT, MD and WebVTT;
thumbnails are made for pictures and the first page of a PDF; audio and video get their
duration. The reading itself (``readers``) runs in a sandboxed child process held to a memory
and a time limit, so a compression bomb costs the worker nothing. A file that cannot be read
is marked "text could not be extracted"; nothing here lets a bad file crash the worker.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError

from atelier.core import sandbox
from atelier.core.uploads import BY_MIME_TYPE, local_path, zip_limits

from .models import ResourceFile
from .readers import TEXT_READERS, html_text, tidy

logger = logging.getLogger(__name__)

# The text helpers live with the readers, which the sandbox runs; importable from here too.
__all__ = ["extract_text", "html_text", "make_thumbnail", "process", "process_by_id", "tidy"]

THUMBNAIL_SIDE = 640
# The largest XML part of a document that is read (document.xml, content.xml, a slide).
XML_MAX_BYTES = 32 * 1024 * 1024
_HTML_MIME_TYPES = {"text/html", "application/xhtml+xml"}


def _text_kind(resource_file):
    if resource_file.mime_type in _HTML_MIME_TYPES:
        return "html"
    file_type = BY_MIME_TYPE.get(resource_file.mime_type)
    return file_type.key if file_type and file_type.key in TEXT_READERS else None


def extract_text(resource_file):
    """(extraction state, text) for a stored file."""
    kind = _text_kind(resource_file)
    if kind is None:
        return ResourceFile.Extraction.NONE, ""
    try:
        with local_path(resource_file.file) as path:
            text = sandbox.run(
                "atelier.library.readers:text",
                path,
                kind,
                chars=settings.ATELIER_LIBRARY_MAX_TEXT_CHARS,
                xml_max_bytes=XML_MAX_BYTES,
                # The upload's limits, read now: a file stored before they changed is held
                # to them.
                zip_limits=zip_limits().as_dict(),
            )
    except (sandbox.SandboxError, OSError):
        # A damaged file, a bomb stopped by the limits, a file gone from storage: all mean
        # "unreadable", and the worker carries on.
        logger.warning(
            "Text of library file %s could not be extracted", resource_file.pk, exc_info=True
        )
        return ResourceFile.Extraction.FAILED, ""
    if not text:
        return ResourceFile.Extraction.NONE, ""
    return ResourceFile.Extraction.DONE, text


def make_thumbnail(resource_file):
    """WebP bytes of a thumbnail for a picture or a PDF's first page, or None."""
    if resource_file.is_image:
        function = "atelier.library.readers:picture_thumbnail"
        options = {"max_pixels": settings.ATELIER_IMAGE_MAX_PIXELS}
    elif resource_file.mime_type == "application/pdf":
        function, options = "atelier.library.readers:pdf_thumbnail", {}
    else:
        return None
    try:
        with local_path(resource_file.file) as path:
            return sandbox.run(function, path, side=THUMBNAIL_SIDE, **options)
    except (sandbox.SandboxError, OSError):
        logger.warning("No thumbnail for library file %s", resource_file.pk, exc_info=True)
        return None


def read_duration(resource_file):
    """Whole seconds of an audio or video file, or None."""
    if not (resource_file.is_audio or resource_file.is_video):
        return None
    try:
        with local_path(resource_file.file) as path:
            seconds = sandbox.run("atelier.library.readers:duration", path, resource_file.mime_type)
    except (sandbox.SandboxError, OSError):
        logger.warning("No duration for library file %s", resource_file.pk, exc_info=True)
        return None
    if not seconds or seconds <= 0:
        return None
    return max(1, round(seconds))


# The task's work ------------------------------------------------------------------------------


def process(resource_file):
    """Extract text, make a thumbnail and read the duration of a stored file; record them.

    Saving the file refreshes its resource's search entry, so the text becomes searchable.
    """
    extraction, text = extract_text(resource_file)
    thumbnail = make_thumbnail(resource_file)
    duration = read_duration(resource_file)
    old_thumbnail = resource_file.thumbnail.name if resource_file.thumbnail else ""
    resource_file.extraction = extraction
    resource_file.extracted_text = text
    resource_file.duration_seconds = duration
    fields = ["extraction", "extracted_text", "duration_seconds"]
    if thumbnail is not None:
        resource_file.thumbnail.save("thumbnail.webp", ContentFile(thumbnail), save=False)
        fields.append("thumbnail")
    try:
        resource_file.save(update_fields=fields)
    except DatabaseError:
        # The file was deleted while it was being read: drop what was made for it.
        if thumbnail is not None:
            resource_file.thumbnail.delete(save=False)
        if ResourceFile.objects.filter(pk=resource_file.pk).exists():
            raise
        return resource_file
    if thumbnail is not None and old_thumbnail and old_thumbnail != resource_file.thumbnail.name:
        resource_file.thumbnail.storage.delete(old_thumbnail)
    return resource_file


def process_by_id(file_id):
    """The background task's body: a file that has gone is skipped; any failure is recorded."""
    resource_file = ResourceFile.objects.filter(pk=file_id).first()
    if resource_file is None:
        return None
    try:
        return process(resource_file)
    except Exception:
        logger.exception("Processing library file %s failed", file_id)
        ResourceFile.objects.filter(pk=file_id).update(
            extraction=ResourceFile.Extraction.FAILED, extracted_text=""
        )
        return None
