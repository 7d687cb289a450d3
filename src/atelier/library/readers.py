"""Reading untrusted library files: their text, a thumbnail, their duration.

These functions run in a sandboxed child process (``core.sandbox``), held to a memory and a
time limit, so a compression bomb in a PDF or a document fails there alone. They import no
Django: each takes the path of the stored file and plain values, the limits included, and
returns plain values.
"""

import codecs
import io
import re
import struct
from html.parser import HTMLParser
from posixpath import dirname, join, normpath

from defusedxml import ElementTree

from atelier.core import archives, pictures

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
T = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OPF = "{http://www.idpf.org/2007/opf}"
CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"

# Bytes of a WebM file searched for its duration, which sits near the start.
WEBM_HEAD_BYTES = 1024 * 1024


class ExtractionError(Exception):
    """The file cannot be read as the type it was stored as."""


# Text ----------------------------------------------------------------------------------------


class _Limits:
    """What a text reader may take: characters kept, the size of one XML part, zip limits."""

    def __init__(self, chars, xml_max_bytes, zip_limits):
        self.chars = chars
        self.xml_max_bytes = xml_max_bytes
        self.zip = archives.ZipLimits(**zip_limits)


def _pdf_text(stream, limits):
    from pypdf import PdfReader

    reader = PdfReader(stream)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ExtractionError("the PDF is encrypted")
    parts, total = [], 0
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(text)
        total += len(text)
        if total >= limits.chars:
            break
    return "\n\n".join(parts)


def _open_zip(stream, limits):
    # The same limits as at upload: a file stored before the limits changed is held to them.
    try:
        return archives.open_zip(stream, limits.zip)
    except archives.UnsafeArchive as error:
        raise ExtractionError(f"the archive was refused: {error.code}") from error


def _member(archive, name, limits):
    """An XML part of the archive, opened for reading, if it is not too large."""
    info = archive.getinfo(name)
    if info.file_size > limits.xml_max_bytes:
        raise ExtractionError(f"{name} is larger than {limits.xml_max_bytes} bytes")
    # zipfile stops at the declared size, which was just checked.
    return archive.open(info)


def _xml_text(stream, *, text_tags, break_tags, tab_tags=()):
    """Text of an XML part whose words sit in ``text_tags``; ``break_tags`` start a line.

    The part is read as a stream and each element is dropped once read, so a sheet of a
    million rows takes the memory of one.
    """
    out = []
    parents = []
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        if event == "start":
            if element.tag in break_tags:
                out.append("\n")
            elif element.tag in tab_tags:
                out.append("\t")
            parents.append(element)
            continue
        parents.pop()
        if element.tag in text_tags and element.text:
            out.append(element.text)
        if parents:
            # Everything the parent held so far has been read.
            del parents[-1][:]
    return "".join(out)


def _docx_text(stream, limits):
    with (
        _open_zip(stream, limits) as archive,
        _member(archive, "word/document.xml", limits) as part,
    ):
        return _xml_text(
            part,
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


def _pptx_text(stream, limits):
    with _open_zip(stream, limits) as archive:
        slides = _numbered(archive.namelist(), r"ppt/slides/slide(\d+)\.xml")
        parts, total = [], 0
        for slide in slides:
            with _member(archive, slide, limits) as part:
                text = _xml_text(part, text_tags={A + "t"}, break_tags={A + "p"})
            parts.append(text)
            total += len(text)
            if total >= limits.chars:
                break
        return "\n\n".join(parts)


def _xlsx_text(stream, limits):
    with _open_zip(stream, limits) as archive:
        if "xl/sharedStrings.xml" not in archive.namelist():
            return ""
        with _member(archive, "xl/sharedStrings.xml", limits) as part:
            return _xml_text(part, text_tags={S + "t"}, break_tags={S + "si"})


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


def _odt_text(stream, limits):
    with _open_zip(stream, limits) as archive, _member(archive, "content.xml", limits) as part:
        root = ElementTree.parse(part).getroot()
    out = []
    for body in root.iter("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}text"):
        _odf_walk(body, out)
    return "".join(out)


def _read_member(archive, name, limits):
    with _member(archive, name, limits) as part:
        return part.read()


def _epub_text(stream, limits):
    with _open_zip(stream, limits) as archive:
        container = ElementTree.fromstring(_read_member(archive, "META-INF/container.xml", limits))
        rootfile = container.find(f".//{CONTAINER}rootfile")
        if rootfile is None or not rootfile.get("full-path"):
            raise ExtractionError("the EPUB names no package document")
        package_path = rootfile.get("full-path")
        package = ElementTree.fromstring(_read_member(archive, package_path, limits))
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
            markup = _read_member(archive, chapter, limits).decode("utf-8", errors="replace")
            text = html_text(markup)
            parts.append(text)
            total += len(text)
            if total >= limits.chars:
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


def _read_text(stream, limits):
    # A character is at most four bytes in UTF-8: this reads enough for the characters kept.
    data = stream.read(limits.chars * 4)
    return codecs.decode(data, "utf-8", errors="replace").removeprefix("\ufeff")


def _plain_text(stream, limits):
    return _read_text(stream, limits)


def _html_file_text(stream, limits):
    return html_text(_read_text(stream, limits))


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


def _vtt_text(stream, limits):
    return vtt_text(_read_text(stream, limits))


TEXT_READERS = {
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


def tidy(text, limit):
    """Text fit for the index: no control characters, no runs of blank lines, capped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()[:limit]


def text(path, kind, *, chars, xml_max_bytes, zip_limits):
    """The tidied text of the file at ``path`` read as ``kind`` (a key of ``TEXT_READERS``),
    at most ``chars`` characters. Runs in the sandbox."""
    limits = _Limits(chars, xml_max_bytes, zip_limits)
    with open(path, "rb") as stream:
        return tidy(TEXT_READERS[kind](stream, limits), chars)


# Thumbnails ----------------------------------------------------------------------------------


def _webp(image, side):
    image.thumbnail((side, side))
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    output = io.BytesIO()
    image.save(output, format="WEBP", quality=80)
    return output.getvalue()


def pdf_thumbnail(path, *, side):
    """WebP bytes of the first page of the PDF at ``path``. Runs in the sandbox."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        page = document[0]
        try:
            width, height = page.get_size()
            scale = min(side / max(width, 1), side / max(height, 1), 4)
            bitmap = page.render(scale=scale)
            return _webp(bitmap.to_pil(), side)
        finally:
            page.close()
    finally:
        document.close()


def picture_thumbnail(path, *, side, max_pixels):
    """WebP bytes of a picture made small, turned upright. Runs in the sandbox."""
    return pictures.reencode(path, side=side, max_pixels=max_pixels, quality=80)["content"]


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


def duration(path, mime_type):
    """Seconds of the audio or video file at ``path``, or None. Runs in the sandbox."""
    with open(path, "rb") as stream:
        if mime_type == "video/webm":
            return webm_duration(stream.read(WEBM_HEAD_BYTES))
        import mutagen

        media = mutagen.File(stream)
        if media is None or not getattr(media.info, "length", None):
            return None
        return float(media.info.length)
