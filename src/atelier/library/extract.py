"""What the background task learns from a stored file: its text, a thumbnail, its duration.

Text is extracted for search from PDF, DOCX, ODT, PPTX, XLSX, EPUB, HTML, TXT, MD and WebVTT;
thumbnails are made for pictures and the first page of a PDF; audio and video get their
duration. A file that cannot be read is marked "text could not be extracted"; nothing here
lets a bad file crash the worker.
"""

import codecs
import io
import logging
import re
import struct
import warnings
import zipfile
from html.parser import HTMLParser
from posixpath import dirname, join, normpath

from defusedxml import ElementTree
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import DatabaseError
from PIL import Image, ImageOps

from . import files, search
from .models import Resource, ResourceFile, Status

logger = logging.getLogger(__name__)

THUMBNAIL_SIDE = 640
# The largest XML part of a document read into memory (document.xml, content.xml, a slide).
XML_MAX_BYTES = 32 * 1024 * 1024
# Bytes of a WebM file searched for its duration, which sits near the start.
WEBM_HEAD_BYTES = 1024 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
T = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OPF = "{http://www.idpf.org/2007/opf}"
CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"


class ExtractionError(Exception):
    """The file cannot be read as the type it was stored as."""


# Text ----------------------------------------------------------------------------------------


def _pdf_text(stream, limit):
    from pypdf import PdfReader

    reader = PdfReader(stream)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ExtractionError("the PDF is encrypted")
    parts, total = [], 0
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(text)
        total += len(text)
        if total >= limit:
            break
    return "\n\n".join(parts)


def _open_zip(stream):
    # Django's File is false when it has no name, which zipfile takes for "closed".
    archive = zipfile.ZipFile(stream.file if isinstance(stream, File) else stream)
    # The same limits as at upload: a file stored before the limits changed is held to them.
    files.check_zip(archive, "")
    return archive


def _member(archive, name):
    info = archive.getinfo(name)
    if info.file_size > XML_MAX_BYTES:
        raise ExtractionError(f"{name} is larger than {XML_MAX_BYTES} bytes")
    with archive.open(info) as member:
        data = member.read(XML_MAX_BYTES + 1)
    if len(data) > XML_MAX_BYTES:
        raise ExtractionError(f"{name} is larger than {XML_MAX_BYTES} bytes")
    return data


def _xml_text(data, *, text_tags, break_tags, tab_tags=()):
    """Text of an XML part whose words sit in ``text_tags``; ``break_tags`` start a line."""
    root = ElementTree.fromstring(data)
    out = []
    for element in root.iter():
        if element.tag in break_tags:
            out.append("\n")
        elif element.tag in tab_tags:
            out.append("\t")
        if element.tag in text_tags and element.text:
            out.append(element.text)
    return "".join(out)


def _docx_text(stream, limit):
    with _open_zip(stream) as archive:
        return _xml_text(
            _member(archive, "word/document.xml"),
            text_tags={W + "t"},
            break_tags={W + "p", W + "br", W + "cr"},
            tab_tags={W + "tab"},
        )


def _numbered(names, pattern):
    found = []
    for name in names:
        match = re.fullmatch(pattern, name)
        if match:
            found.append((int(match.group(1)), name))
    return [name for _number, name in sorted(found)]


def _pptx_text(stream, limit):
    with _open_zip(stream) as archive:
        slides = _numbered(archive.namelist(), r"ppt/slides/slide(\d+)\.xml")
        parts, total = [], 0
        for slide in slides:
            text = _xml_text(_member(archive, slide), text_tags={A + "t"}, break_tags={A + "p"})
            parts.append(text)
            total += len(text)
            if total >= limit:
                break
        return "\n\n".join(parts)


def _xlsx_text(stream, limit):
    with _open_zip(stream) as archive:
        if "xl/sharedStrings.xml" not in archive.namelist():
            return ""
        return _xml_text(
            _member(archive, "xl/sharedStrings.xml"), text_tags={S + "t"}, break_tags={S + "si"}
        )


def _odf_walk(element, out):
    tag = element.tag
    if tag == T + "s":
        out.append(" " * min(int(element.get(T + "c", "1") or 1), 100))
    elif tag == T + "tab":
        out.append("\t")
    elif tag == T + "line-break":
        out.append("\n")
    elif tag not in (T + "note-citation", T + "tracked-changes"):
        if tag in (T + "p", T + "h"):
            out.append("\n")
        if element.text:
            out.append(element.text)
        for child in element:
            _odf_walk(child, out)
            if child.tail:
                out.append(child.tail)


def _odt_text(stream, limit):
    with _open_zip(stream) as archive:
        root = ElementTree.fromstring(_member(archive, "content.xml"))
    out = []
    for body in root.iter("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}text"):
        _odf_walk(body, out)
    return "".join(out)


def _epub_text(stream, limit):
    with _open_zip(stream) as archive:
        container = ElementTree.fromstring(_member(archive, "META-INF/container.xml"))
        rootfile = container.find(f".//{CONTAINER}rootfile")
        if rootfile is None or not rootfile.get("full-path"):
            raise ExtractionError("the EPUB names no package document")
        package_path = rootfile.get("full-path")
        package = ElementTree.fromstring(_member(archive, package_path))
        base = dirname(package_path)
        manifest = {
            item.get("id"): normpath(join(base, item.get("href", "")))
            for item in package.iter(OPF + "item")
            if item.get("media-type") in ("application/xhtml+xml", "text/html")
        }
        chapters = [
            manifest[itemref.get("idref")]
            for itemref in package.iter(OPF + "itemref")
            if itemref.get("idref") in manifest
        ]
        parts, total = [], 0
        for chapter in chapters:
            text = html_text(_member(archive, chapter).decode("utf-8", errors="replace"))
            parts.append(text)
            total += len(text)
            if total >= limit:
                break
        return "\n\n".join(parts)


class _HTMLText(HTMLParser):
    BLOCKS = {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
        "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "title", "tr", "ul",
    }  # fmt: skip
    SKIPPED = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(data)


def html_text(markup):
    """The words of an HTML or XHTML document, without scripts and styles."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    return re.sub(r"[ \t]+", " ", "".join(parser.out))


def _read_text(stream, limit):
    # A character is at most four bytes in UTF-8: this reads enough for ``limit`` characters.
    return codecs.decode(stream.read(limit * 4), "utf-8", errors="replace").removeprefix("\ufeff")


def _plain_text(stream, limit):
    return _read_text(stream, limit)


def _html_file_text(stream, limit):
    return html_text(_read_text(stream, limit))


def vtt_text(text):
    """The spoken words of WebVTT captions: no header, timings, cue names or notes."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    words, previous = [], None
    for block in blocks[1:]:
        lines = block.strip("\n").split("\n")
        if not lines or lines[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        for line in lines[timing + 1 :]:
            line = re.sub(r"<[^>]*>", "", line).strip()
            if line and line != previous:
                words.append(line)
                previous = line
    return "\n".join(words)


def _vtt_text(stream, limit):
    return vtt_text(_read_text(stream, limit))


TEXT_EXTRACTORS = {
    "pdf": _pdf_text,
    "docx": _docx_text,
    "pptx": _pptx_text,
    "xlsx": _xlsx_text,
    "odt": _odt_text,
    "epub": _epub_text,
    "txt": _plain_text,
    "md": _plain_text,
    "vtt": _vtt_text,
    "html": _html_file_text,
}
_HTML_MIME_TYPES = {"text/html", "application/xhtml+xml"}


def tidy(text, limit):
    """Text fit for the index: no control characters, no runs of blank lines, capped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()[:limit]


def _extractor_for(resource_file):
    if resource_file.mime_type in _HTML_MIME_TYPES:
        return TEXT_EXTRACTORS["html"]
    file_type = files.BY_MIME_TYPE.get(resource_file.mime_type)
    return TEXT_EXTRACTORS.get(file_type.key) if file_type else None


def extract_text(resource_file):
    """(extraction state, text) for a stored file."""
    extractor = _extractor_for(resource_file)
    if extractor is None:
        return ResourceFile.Extraction.NONE, ""
    limit = settings.ATELIER_LIBRARY_MAX_TEXT_CHARS
    try:
        with resource_file.file.open("rb") as stream:
            text = tidy(extractor(stream, limit), limit)
    except Exception:
        # Bad files raise anything (pypdf, zipfile, XML, recursion): all mean "unreadable".
        logger.warning(
            "Text of library file %s could not be extracted", resource_file.pk, exc_info=True
        )
        return ResourceFile.Extraction.FAILED, ""
    if not text:
        return ResourceFile.Extraction.NONE, ""
    return ResourceFile.Extraction.DONE, text


# Thumbnails ----------------------------------------------------------------------------------


def _picture(image):
    image = ImageOps.exif_transpose(image)
    image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    output = io.BytesIO()
    image.save(output, format="WEBP", quality=80)
    return output.getvalue()


def _image_thumbnail(stream):
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(stream) as image:
            image.load()
            return _picture(image)


def _pdf_thumbnail(stream):
    import pypdfium2

    document = pypdfium2.PdfDocument(stream)
    try:
        page = document[0]
        try:
            width, height = page.get_size()
            scale = min(THUMBNAIL_SIDE / max(width, 1), THUMBNAIL_SIDE / max(height, 1), 4)
            bitmap = page.render(scale=scale)
            return _picture(bitmap.to_pil())
        finally:
            page.close()
    finally:
        document.close()


def make_thumbnail(resource_file):
    """WebP bytes of a thumbnail for a picture or a PDF's first page, or None."""
    if resource_file.is_image:
        maker = _image_thumbnail
    elif resource_file.mime_type == "application/pdf":
        maker = _pdf_thumbnail
    else:
        return None
    try:
        with resource_file.file.open("rb") as stream:
            return maker(stream)
    except Exception:
        logger.warning("No thumbnail for library file %s", resource_file.pk, exc_info=True)
        return None


# Duration ------------------------------------------------------------------------------------


def _vint(data, pos, keep_marker):
    first = data[pos]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8 or pos + length > len(data):
        raise ExtractionError("bad EBML number")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[pos + 1 : pos + length]:
        value = (value << 8) | byte
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return value, pos + length, unknown


def webm_duration(data):
    """Seconds of a WebM (Matroska) file from its Segment Info, read from its first bytes."""
    pos, end, scale, duration = 0, len(data), 1_000_000, None
    containers = {0x18538067, 0x1549A966}  # Segment, Info
    while pos < end:
        element, pos, _unknown = _vint(data, pos, keep_marker=True)
        size, pos, unknown = _vint(data, pos, keep_marker=False)
        if element in containers:
            continue
        if unknown:
            break
        value = data[pos : pos + size]
        if element == 0x2AD7B1:  # TimecodeScale, nanoseconds per tick
            scale = int.from_bytes(value, "big")
        elif element == 0x4489 and size in (4, 8):  # Duration, in ticks
            duration = struct.unpack(">f" if size == 4 else ">d", value)[0]
        elif element == 0x1F43B675 and duration is not None:  # Cluster: the Info is behind
            break
        pos += size
    if duration is None:
        raise ExtractionError("no duration in the WebM header")
    return duration * scale / 1_000_000_000


def read_duration(resource_file):
    """Whole seconds of an audio or video file, or None."""
    if not (resource_file.is_audio or resource_file.is_video):
        return None
    try:
        with resource_file.file.open("rb") as stream:
            if resource_file.mime_type == "video/webm":
                seconds = webm_duration(stream.read(WEBM_HEAD_BYTES))
            else:
                import mutagen

                media = mutagen.File(stream)
                if media is None or not getattr(media.info, "length", None):
                    return None
                seconds = media.info.length
    except Exception:
        logger.warning("No duration for library file %s", resource_file.pk, exc_info=True)
        return None
    if seconds <= 0:
        return None
    return max(1, round(seconds))


# The task's work ------------------------------------------------------------------------------


def process(resource_file):
    """Extract text, make a thumbnail and read the duration of a stored file; record them.

    When the resource is published its index is refreshed, so the text becomes searchable.
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
    resource = Resource.objects.get(pk=resource_file.resource_id)
    if resource.status == Status.PUBLISHED:
        search.index_resource(resource)
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
