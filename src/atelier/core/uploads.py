"""The checks every upload goes through: size, type sniffed from the content (never the name),
zip containers before they are opened, pictures before they are decoded, and decoding itself
in a limited child process; pictures kept as pictures are re-encoded.

``check_file`` checks a file of any accepted kind (the library's files, call applications,
CVs); ``clean_picture`` checks and re-encodes a picture (avatars, podcast covers). Each check
answers with a translated ``ValidationError``; the memory a hostile file could take stays in a
sandboxed child (``core.sandbox``), never in the web or worker process.
"""

import codecs
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image

from . import archives, pictures, sandbox

_ZIP_MESSAGES = {
    "too_many_members": _("“%(name)s” holds too many parts (%(count)s) to be a document."),
    "encrypted": _("“%(name)s” is protected by a password. Upload it without the password."),
    "method": _("“%(name)s” is compressed in a way Atelier does not read."),
    "damaged": _("“%(name)s” is damaged: it cannot be opened."),
    "zip_bomb": _(
        "“%(name)s” would unpack to far more data than it holds (a “zip bomb”), "
        "so it was not accepted."
    ),
}


def raw_stream(stream):
    """The file object inside a Django ``File``, or the stream itself."""
    # Django's File is false when it has no name, which zipfile takes for "closed".
    return stream.file if isinstance(stream, File) else stream


def zip_error(error, name):
    """The translated ``ValidationError`` for an ``archives.UnsafeArchive``."""
    return ValidationError(
        _ZIP_MESSAGES[error.code], code=error.code, params={"name": name, **error.params}
    )


def open_zip(stream, name, limits=None):
    """The upload opened as a zip archive once its declared sizes passed ``limits``.

    Raises a translated ``ValidationError`` ("zip_bomb", "too_many_members", "encrypted",
    "method", "damaged") before any member is inflated. The caller closes the archive.
    """
    try:
        return archives.open_zip(raw_stream(stream), limits or archives.ZipLimits())
    except archives.UnsafeArchive as error:
        raise zip_error(error, name) from error


def check_zip(stream, name, limits=None):
    """Refuse a zip bomb by what the archive declares; the stream is left at its start."""
    with open_zip(stream, name, limits):
        pass
    raw_stream(stream).seek(0)


def _megapixels(pixels):
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")


def check_picture(stream, name, *, max_pixels=None, formats=pictures.FORMATS, unreadable=None):
    """A picture's ``pictures.Header``, read without decoding it; refused above
    ``max_pixels`` (``ATELIER_IMAGE_MAX_PIXELS`` by default) or when it is not a sound picture
    of one of ``formats`` (``unreadable`` is then the message, with ``%(name)s``)."""
    max_pixels = max_pixels or settings.ATELIER_IMAGE_MAX_PIXELS
    try:
        return pictures.read_header(raw_stream(stream), max_pixels=max_pixels, formats=formats)
    except pictures.TooManyPixels as error:
        limit = _megapixels(max_pixels)
        if error.pixels is None:
            message = _(
                "“%(name)s” has too many pixels. A picture may have at most %(limit)s megapixels."
            )
        else:
            message = _(
                "“%(name)s” has too many pixels (%(megapixels)s megapixels). A picture may have "
                "at most %(limit)s megapixels."
            )
        raise ValidationError(
            message,
            code="too_many_pixels",
            params={"name": name, "megapixels": _megapixels(error.pixels or 0), "limit": limit},
        ) from error
    except pictures.UnreadablePicture as error:
        raise ValidationError(
            unreadable or _("“%(name)s” is a damaged picture, or not a JPEG, PNG or WebP one."),
            code="not_image",
            params={"name": name},
        ) from error


@contextmanager
def local_path(source, suffix=""):
    """A path on this machine holding ``source``: an upload, a stored file, or a stream.

    Uploads kept on disk by Django and files of a storage on local disk are used where they
    are; anything else is copied to a temporary file ending in ``suffix``, removed afterwards.
    """
    path = None
    if hasattr(source, "temporary_file_path"):
        path = source.temporary_file_path()
    elif getattr(source, "storage", None) is not None and getattr(source, "name", None):
        try:
            path = source.storage.path(source.name)
        except NotImplementedError:
            path = None
    if path is not None:
        yield os.fspath(path)
        return
    handle, temporary = tempfile.mkstemp(prefix="atelier-upload-", suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as copy:
            opened = source.open("rb") if getattr(source, "storage", None) else source
            stream = raw_stream(opened)
            stream.seek(0)
            shutil.copyfileobj(stream, copy, 1024 * 1024)
            stream.seek(0)
        yield temporary
    finally:
        os.unlink(temporary)


def reencode_picture(upload, name, *, side, max_pixels=None, output="webp", **options):
    """Decode and re-encode a checked picture in the sandbox (``pictures.reencode``).

    Returns its result dict; a picture the child cannot decode within its limits is refused
    with a translated ``ValidationError`` ("not_image").
    """
    max_pixels = max_pixels or settings.ATELIER_IMAGE_MAX_PIXELS
    try:
        with local_path(upload) as path:
            return sandbox.run(
                pictures.reencode,
                path,
                side=side,
                max_pixels=max_pixels,
                output=output,
                **options,
            )
    except sandbox.SandboxError as error:
        raise ValidationError(
            gettext("“%(name)s” is a damaged or oversized picture.") % {"name": name},
            code="not_image",
        ) from error


def limit_decoding_everywhere():
    """Pillow's own budget, for any decoding outside these checks (Django's ImageField,
    the admin): a warning above ``ATELIER_IMAGE_MAX_PIXELS``, an error at twice as many."""
    Image.MAX_IMAGE_PIXELS = settings.ATELIER_IMAGE_MAX_PIXELS


# Files checked by what they are, not by their names -----------------------------------------

ACCEPTED = "PDF, DOCX, ODT, PPTX, XLSX, EPUB, TXT, MD, MP3, M4A, OGG, MP4, WebM, JPEG, PNG, WebP"

# Zip containers (office documents, EPUB) are refused before any member is read when they
# hold too many members, promise too much data, or compress suspiciously well: a zip bomb
# (``core.archives``).
ZIP_MAX_MEMBERS = 10_000
ZIP_MAX_TOTAL_BYTES = 1024 * 1024 * 1024
ZIP_MAX_RATIO = 200
ZIP_RATIO_FROM_BYTES = 10 * 1024 * 1024

HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileType:
    key: str
    mime_type: str
    extension: str
    label: str
    family: str  # "document", "text", "audio", "video", "image" or "captions"
    other_extensions: tuple = ()

    @property
    def extensions(self):
        return (self.extension, *self.other_extensions)


TYPES = {
    file_type.key: file_type
    for file_type in (
        FileType("pdf", "application/pdf", "pdf", "PDF", "document"),
        FileType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            "DOCX",
            "document",
        ),
        FileType(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx",
            "PPTX",
            "document",
        ),
        FileType(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            "XLSX",
            "document",
        ),
        FileType("odt", "application/vnd.oasis.opendocument.text", "odt", "ODT", "document"),
        FileType("epub", "application/epub+zip", "epub", "EPUB", "document"),
        FileType("txt", "text/plain", "txt", "TXT", "text", ("text",)),
        FileType("md", "text/markdown", "md", "MD", "text", ("markdown",)),
        FileType("vtt", "text/vtt", "vtt", "WebVTT", "captions"),
        FileType("mp3", "audio/mpeg", "mp3", "MP3", "audio"),
        FileType("m4a", "audio/mp4", "m4a", "M4A", "audio"),
        FileType("ogg", "audio/ogg", "ogg", "OGG", "audio", ("oga", "opus")),
        FileType("ogv", "video/ogg", "ogv", "OGG", "video"),
        FileType("mp4", "video/mp4", "mp4", "MP4", "video", ("m4v",)),
        FileType("webm", "video/webm", "webm", "WebM", "video"),
        FileType("jpeg", "image/jpeg", "jpg", "JPEG", "image", ("jpeg",)),
        FileType("png", "image/png", "png", "PNG", "image"),
        FileType("webp", "image/webp", "webp", "WebP", "image"),
    )
}
BY_MIME_TYPE = {file_type.mime_type: file_type for file_type in TYPES.values()}

MP4_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"F4A ", b"F4B "}
MP4_VIDEO_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ",
    b"M4VH", b"M4VP", b"dash", b"mmp4", b"MSNV", b"f4v ",
}  # fmt: skip

# Signatures of things refused with a reason the uploader understands.
_PROGRAM_SIGNATURES = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
_ARCHIVE_SIGNATURES = (b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")
_OLD_OFFICE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Text that is really a web page, an SVG picture, or carries active content.
_MARKUP_START = re.compile(rb"^\s*<(?:!doctype|html|\?xml|svg|head|body)\b", re.IGNORECASE)
_ACTIVE_CONTENT = re.compile(r"<\s*(?:script|iframe|object|embed|svg)\b", re.IGNORECASE)
_FORBIDDEN_IN_NAMES = re.compile(r'[<>:"/\\|?*]')


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed ``check_file``, with what storing it needs."""

    upload: object
    file_type: FileType
    size: int
    sha256: str
    display_name: str
    role: str = ""  # what the caller takes it as (a library file's role)


def _refuse(message, code, **params):
    return ValidationError(message, code=code, params=params or None)


def _not_accepted(name, advice=""):
    message = gettext(
        "“%(name)s” is not a file type the library accepts. Accepted: %(accepted)s."
    ) % {"name": name, "accepted": ACCEPTED}
    return ValidationError(f"{message} {advice}".strip(), code="type")


def _too_large(name, size, limit):
    return _refuse(
        _("“%(name)s” is too large (%(size)s). The limit is %(limit)s."),
        "too_large",
        name=name,
        size=filesizeformat(size),
        limit=filesizeformat(limit),
    )


def clean_display_name(name, file_type):
    """The uploader's file name made safe to show and to offer as a download name.

    Folders (``../``), control and invisible characters (such as the right-to-left override
    that makes ``gpj.exe`` look like ``exe.jpg``), characters Windows refuses and leading dots
    go; the extension is the sniffed type's.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = _FORBIDDEN_IN_NAMES.sub("_", name).strip().lstrip(".").strip()
    stem, dot, extension = name.rpartition(".")
    if not dot or extension.lower() not in file_type.extensions:
        stem, extension = name, file_type.extension
    stem = stem.rstrip(". ")[:150].rstrip(". ") or gettext("file")
    return f"{stem}.{extension.lower()}"


def _read_head(stream):
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    return head


def _is_mp3_frame(head):
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    bitrate, sample_rate = head[2] >> 4, (head[2] >> 2) & 3
    return version != 1 and layer != 0 and bitrate != 15 and sample_rate != 3


def _ebml_doc_type(head):
    match = re.search(rb"\x42\x82([\x80-\xff])", head[:64])
    if not match:
        return b""
    length = match.group(1)[0] & 0x7F
    start = match.end()
    return head[start : start + length]


def zip_limits():
    """The limits an uploaded zip container (an office document, an EPUB) is held to."""
    return archives.ZipLimits(
        max_members=ZIP_MAX_MEMBERS,
        max_total_bytes=ZIP_MAX_TOTAL_BYTES,
        max_ratio=ZIP_MAX_RATIO,
        ratio_from_bytes=ZIP_RATIO_FROM_BYTES,
    )


def _zip_type(stream, name):
    try:
        archive = open_zip(stream, name, zip_limits())
    except ValidationError as error:
        if error.code == "method":
            raise _not_accepted(name) from error
        raise
    with archive:
        names = set(archive.namelist())
        if "mimetype" in names:
            info = archive.getinfo("mimetype")
            declared = archive.read(info).strip() if info.file_size <= 100 else b""
            if declared == b"application/vnd.oasis.opendocument.text":
                return TYPES["odt"]
            if declared == b"application/epub+zip":
                return TYPES["epub"]
            raise _not_accepted(name)
        if "[Content_Types].xml" in names:
            if any(member.lower().endswith("vbaproject.bin") for member in names):
                raise _refuse(
                    _(
                        "“%(name)s” contains macros, which the library does not accept. "
                        "Save it as a document without macros."
                    ),
                    "macros",
                    name=name,
                )
            if "word/document.xml" in names:
                return TYPES["docx"]
            if "ppt/presentation.xml" in names:
                return TYPES["pptx"]
            if "xl/workbook.xml" in names:
                return TYPES["xlsx"]
    raise _not_accepted(name, gettext("Upload the files one by one rather than in a ZIP archive."))


def _text_type(head, name):
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        text = decoder.decode(head, final=False)
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:
        return None
    if _MARKUP_START.match(head.removeprefix(codecs.BOM_UTF8)) or _ACTIVE_CONTENT.search(text):
        raise _markup_refused(name)
    first_line = text.removeprefix("\ufeff").split("\n", 1)[0].rstrip("\r")
    if first_line == "WEBVTT" or first_line.startswith(("WEBVTT ", "WEBVTT\t")):
        return TYPES["vtt"]
    extension = str(name).rsplit(".", 1)[-1].lower() if "." in str(name) else ""
    # Markdown is plain text: the content decides that it is text, the name only which kind.
    return TYPES["md"] if extension in TYPES["md"].extensions else TYPES["txt"]


def _markup_refused(name):
    return _refuse(
        _(
            "“%(name)s” is a web page, an SVG picture or contains scripts, which the library "
            "does not accept. Upload it as PDF or as plain text."
        ),
        "markup",
        name=name,
    )


def sniff(stream, name=""):
    """The type of a seekable binary stream, read from its content; raises ValidationError."""
    head = _read_head(stream)
    if not head:
        raise _refuse(_("“%(name)s” is empty."), "empty", name=name)
    if head.startswith(b"%PDF-"):
        return TYPES["pdf"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES["png"]
    if head.startswith(b"\xff\xd8\xff"):
        return TYPES["jpeg"]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return TYPES["webp"]
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(stream, name)
    if head.startswith(b"OggS"):
        return TYPES["ogv"] if b"\x80theora" in head[:512] else TYPES["ogg"]
    if head.startswith(b"ID3") or _is_mp3_frame(head):
        return TYPES["mp3"]
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in MP4_AUDIO_BRANDS:
            return TYPES["m4a"]
        if brand in MP4_VIDEO_BRANDS:
            return TYPES["mp4"]
        raise _not_accepted(name)
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        if _ebml_doc_type(head) == b"webm":
            return TYPES["webm"]
        raise _not_accepted(name, gettext("Convert the video to MP4 or WebM."))
    if head.startswith(_PROGRAM_SIGNATURES) or head.startswith(b"#!"):
        raise _refuse(
            _("“%(name)s” is a program or a script, not a document. Programs are never accepted."),
            "program",
            name=name,
        )
    if head.startswith(_OLD_OFFICE_SIGNATURE):
        raise _not_accepted(
            name, gettext("Save it in the newer format (DOCX, XLSX or PPTX) or as PDF.")
        )
    if head.startswith(_ARCHIVE_SIGNATURES):
        raise _not_accepted(name, gettext("Upload the files one by one rather than in an archive."))
    text_type = _text_type(head, name)
    if text_type is None:
        raise _not_accepted(name)
    return text_type


def _check_image(stream, file_type, name):
    """Refuse a picture by its header: too many pixels, or not the format it looks like.

    Its pixels are decoded only later, for the thumbnail, by the sandboxed worker."""
    expected = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}[file_type.key]
    check_picture(
        stream,
        name,
        formats=(expected,),
        unreadable=_("“%(name)s” is a damaged or oversized picture."),
    )


def _read_through(upload, file_type, name, limit):
    """Hash and measure the whole upload; text must be UTF-8 without NULs or scripts."""
    digest = hashlib.sha256()
    size = 0
    is_text = file_type.family in ("text", "captions")
    decoder = codecs.getincrementaldecoder("utf-8")() if is_text else None
    tail = ""
    upload.seek(0)
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            raise _too_large(name, size, limit)
        digest.update(chunk)
        if decoder is not None:
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise _not_utf8(name) from exc
            if "\x00" in text:
                raise _not_utf8(name)
            if _ACTIVE_CONTENT.search(tail + text):
                raise _markup_refused(name)
            tail = text[-32:]
    if decoder is not None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise _not_utf8(name) from exc
    upload.seek(0)
    return size, digest.hexdigest()


def _not_utf8(name):
    return _refuse(
        _("“%(name)s” is not a text file in UTF-8. Save it as UTF-8 text or as PDF."),
        "encoding",
        name=name,
    )


def shown_name(raw_name):
    """The upload's name as messages show it: no folders, no invisible characters."""
    name = unicodedata.normalize("NFC", str(raw_name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C")).strip()
    return name[:150] or gettext("The file")


def of_families(*families):
    """An ``accept`` for ``check_file`` that takes only types of ``families`` ("document",
    "text", "audio", "video", "image", "captions")."""

    def accept(file_type, name):
        if file_type.family not in families:
            raise _not_accepted(name)

    return accept


def check_file(upload, *, max_bytes=None, accept=None):
    """Check one upload by size, sniffed type and content; return a ``CheckedUpload``.

    ``max_bytes`` is ``ATELIER_LIBRARY_MAX_UPLOAD_BYTES`` unless given. ``accept(file_type,
    name)`` may refuse a type the caller does not take, with a ``ValidationError``, before the
    file is read through. A picture's header is checked (pixels, format); text must be UTF-8
    without NULs or scripts. Raises a translated ``ValidationError``.
    """
    if isinstance(upload, CheckedUpload):
        return upload
    if not isinstance(upload, File):
        upload = File(upload, name=getattr(upload, "name", None))
    raw_name = upload.name or ""
    name = shown_name(raw_name)
    limit = max_bytes or settings.ATELIER_LIBRARY_MAX_UPLOAD_BYTES
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise _too_large(name, declared, limit)
    file_type = sniff(upload, name)
    if accept is not None:
        accept(file_type, name)
    if file_type.family == "image":
        _check_image(upload, file_type, name)
    size, sha256 = _read_through(upload, file_type, name, limit)
    if size == 0:
        raise _refuse(_("“%(name)s” is empty."), "empty", name=name)
    return CheckedUpload(
        upload=upload,
        file_type=file_type,
        size=size,
        sha256=sha256,
        display_name=clean_display_name(raw_name, file_type),
    )


# Pictures kept as pictures: checked, then re-encoded --------------------------------------

NOT_A_PICTURE = _("This file is not an image Atelier can use. Upload a JPEG, PNG or WebP picture.")
_ENCODED = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
}


def clean_picture(
    upload,
    *,
    max_bytes,
    side,
    stem,
    max_pixels=None,
    formats=pictures.FORMATS,
    check_header=None,
    **options,
):
    """A re-encoded copy of an uploaded picture (``stem.jpg``, ``.png`` or ``.webp``), or a
    translated ``ValidationError``.

    Refused above ``max_bytes``, by its header above ``max_pixels`` or when it is not one of
    ``formats``, and by ``check_header(header)`` when given; then decoded and re-encoded in
    the sandbox at most ``side`` pixels a side (``options``: ``output``, ``quality``,
    ``square``, as ``pictures.reencode`` takes them), which drops metadata (location, camera)
    and anything hidden after the pixels.
    """
    if upload.size > max_bytes:
        raise ValidationError(
            gettext("The image is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    name = upload.name or gettext("The image")
    max_pixels = max_pixels or settings.ATELIER_IMAGE_MAX_PIXELS
    header = check_picture(
        upload, name, max_pixels=max_pixels, formats=tuple(formats), unreadable=NOT_A_PICTURE
    )
    if check_header is not None:
        check_header(header)
    try:
        picture = reencode_picture(upload, name, side=side, max_pixels=max_pixels, **options)
    except ValidationError as error:
        raise ValidationError(NOT_A_PICTURE, code="not_image") from error
    extension, content_type = _ENCODED[picture["format"]]
    return SimpleUploadedFile(f"{stem}.{extension}", picture["content"], content_type=content_type)
