"""Files of the library: checked by size, by sniffed content and by zip limits, then stored.

A file's type is read from its first bytes (and, for the zip containers DOCX, PPTX, XLSX, ODT
and EPUB, from their members), never from its name. It is stored under a generated name with
the sniffed type's extension; the name it came with is kept only as a cleaned display name.
Nothing is left half-stored: every upload of a submission is checked before any is stored, and
files written in a transaction that rolls back are deleted.
"""

import codecs
import hashlib
import re
import unicodedata
import weakref
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from atelier.core import archives, uploads

from .models import ResourceFile

ACCEPTED = "PDF, DOCX, ODT, PPTX, XLSX, EPUB, TXT, MD, MP3, M4A, OGG, MP4, WebM, JPEG, PNG, WebP"

# Zip containers (office documents, EPUB) are refused before any member is read when they
# hold too many members, promise too much data, or compress suspiciously well: a zip bomb
# (``core.archives``).
ZIP_MAX_MEMBERS = 10_000
ZIP_MAX_TOTAL_BYTES = 1024 * 1024 * 1024
ZIP_MAX_RATIO = 200
ZIP_RATIO_FROM_BYTES = 10 * 1024 * 1024

COVER_MAX_SIDE = 1600
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

# Which types each role of a file takes: captions are WebVTT; a transcript may be plain text.
ROLE_FAMILIES = {
    ResourceFile.Role.MAIN: {"document", "text", "audio", "video", "image"},
    ResourceFile.Role.CAPTIONS: {"captions"},
    ResourceFile.Role.TRANSCRIPT: {"captions", "text"},
}

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
    """An upload that passed every check, with what storing it needs."""

    upload: object
    file_type: FileType
    size: int
    sha256: str
    display_name: str
    role: str


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
    """The limits a zip container uploaded to the library is held to."""
    return archives.ZipLimits(
        max_members=ZIP_MAX_MEMBERS,
        max_total_bytes=ZIP_MAX_TOTAL_BYTES,
        max_ratio=ZIP_MAX_RATIO,
        ratio_from_bytes=ZIP_RATIO_FROM_BYTES,
    )


def _zip_type(stream, name):
    try:
        archive = uploads.open_zip(stream, name, zip_limits())
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
    uploads.check_picture(
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


def _shown_name(raw_name):
    """The upload's name as messages show it: no folders, no invisible characters."""
    name = unicodedata.normalize("NFC", str(raw_name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C")).strip()
    return name[:150] or gettext("The file")


def check_upload(upload, role=ResourceFile.Role.MAIN):
    """Check one upload by size, sniffed type and content; return a ``CheckedUpload``."""
    if isinstance(upload, CheckedUpload):
        return upload
    if not isinstance(upload, File):
        upload = File(upload, name=getattr(upload, "name", None))
    raw_name = upload.name or ""
    name = _shown_name(raw_name)
    limit = settings.ATELIER_LIBRARY_MAX_UPLOAD_BYTES
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise _too_large(name, declared, limit)
    file_type = sniff(upload, name)
    if file_type.family not in ROLE_FAMILIES[role]:
        if file_type.family == "captions":
            raise _refuse(
                _(
                    "“%(name)s” holds captions (WebVTT). Attach captions to an audio or video "
                    "file on the resource's files page."
                ),
                "captions",
                name=name,
            )
        raise _refuse(
            _("“%(name)s” cannot be used as %(role)s: upload a WebVTT file."),
            "role",
            name=name,
            role=ResourceFile.Role(role).label,
        )
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
        role=role,
    )


def _error_list(error):
    if hasattr(error, "error_dict"):
        return [each for errors in error.error_dict.values() for each in errors]
    return error.error_list


def check_uploads(uploads, role=ResourceFile.Role.MAIN):
    """Check every upload; one ValidationError lists what is wrong with each of them."""
    checked, errors = [], []
    for upload in uploads or ():
        try:
            checked.append(check_upload(upload, role))
        except ValidationError as error:
            errors.extend(_error_list(error))
    if errors:
        raise ValidationError(errors)
    return checked


@dataclass(frozen=True)
class Track:
    """Captions or a transcript for one audio or video file, to be stored with the resource."""

    upload: object
    media: ResourceFile
    role: str = ResourceFile.Role.CAPTIONS
    language: str = ""
    label: str = ""


class _CommitMarker:
    """An on_commit callback that notes that its transaction committed."""

    __slots__ = ("state", "__weakref__")

    def __init__(self, state):
        self.state = state

    def __call__(self):
        self.state["committed"] = True


def _delete_files(storage, names):
    for name in names:
        if name:
            storage.delete(name)


def _delete_if_rolled_back(state, storage, names):
    if not state["committed"]:
        _delete_files(storage, names)


def delete_on_rollback(storage, names):
    """Delete stored files if the transaction they were written in rolls back.

    Django has no rollback hook, but a rolled-back transaction or savepoint drops its on_commit
    callbacks without calling them: the files go when their callback is dropped uncalled.
    Outside a transaction the callback runs at once and the files stay.
    """
    state = {"committed": False}
    marker = _CommitMarker(state)
    weakref.finalize(marker, _delete_if_rolled_back, state, storage, tuple(names))
    transaction.on_commit(marker)


def delete_after_commit(storage, names):
    """Delete files once the transaction that stopped using them commits."""
    names = tuple(name for name in names if name)
    if names:
        transaction.on_commit(lambda: _delete_files(storage, names))


def _next_position(resource):
    last = resource.files.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def store_checked(resource, checked, *, media=None, language="", label="", position=None):
    """Write a checked upload under a generated name and record it; the caller's transaction
    decides whether it stays."""
    resource_file = ResourceFile(
        resource=resource,
        role=checked.role,
        media=media,
        position=_next_position(resource) if position is None else position,
        original_name=checked.display_name,
        label=(label or "").strip()[:200],
        language=language or "",
        mime_type=checked.file_type.mime_type,
        size=checked.size,
        sha256=checked.sha256,
        extraction=ResourceFile.Extraction.PENDING,
    )
    checked.upload.seek(0)
    upload = checked.upload if isinstance(checked.upload, File) else File(checked.upload)
    resource_file.file.save(f"upload.{checked.file_type.extension}", upload, save=False)
    storage, name = resource_file.file.storage, resource_file.file.name
    try:
        resource_file.save()
    except BaseException:
        storage.delete(name)
        raise
    delete_on_rollback(storage, [name])
    return resource_file


def _check_track_target(resource, role, media):
    if role == ResourceFile.Role.MAIN:
        return
    if media is None or media.resource_id != resource.pk or not (media.is_audio or media.is_video):
        raise ValidationError(
            {"media": _("Captions and transcripts belong to an audio or video file.")},
            code="media",
        )


def store_upload(
    resource, uploaded_file, *, role=ResourceFile.Role.MAIN, media=None, language="", label=""
):
    """Check one uploaded file and store it as a file of ``resource``; raise ValidationError."""
    _check_track_target(resource, role, media)
    checked = check_upload(uploaded_file, role)
    return store_checked(resource, checked, media=media, language=language, label=label)


def _prepare(resource, item):
    if isinstance(item, Track):
        _check_track_target(resource, item.role, item.media)
        options = {"media": item.media, "language": item.language, "label": item.label}
        return check_upload(item.upload, item.role), options
    return check_upload(item), {}


def store_uploads(resource, uploads):
    """Check every upload (a file, or a ``Track``) first, then store them all; on any failure
    none stays."""
    prepared, errors = [], []
    for item in uploads or ():
        try:
            prepared.append(_prepare(resource, item))
        except ValidationError as error:
            errors.extend(_error_list(error))
    if errors:
        raise ValidationError(errors)
    stored = []
    try:
        for checked, options in prepared:
            stored.append(store_checked(resource, checked, **options))
    except BaseException:
        for resource_file in stored:
            resource_file.file.storage.delete(resource_file.file.name)
        raise
    return stored


@dataclass(frozen=True)
class CoverImage:
    """A cover picture already checked and re-encoded to WebP."""

    content: bytes


def encode_cover(upload):
    """Check a cover picture by content and re-encode it as WebP, at most 1600 pixels a side.

    The header is checked here; decoding and encoding run in a sandboxed child process."""
    if isinstance(upload, CoverImage):
        return upload
    if not isinstance(upload, File):
        upload = File(upload, name=getattr(upload, "name", None))
    name = _shown_name(upload.name)
    limit = settings.ATELIER_LIBRARY_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_large(name, size, limit)
    file_type = sniff(upload, name)
    if file_type.family != "image":
        raise _refuse(_("“%(name)s” is not a JPEG, PNG or WebP picture."), "not_image", name=name)
    _check_image(upload, file_type, name)
    picture = uploads.reencode_picture(upload, name, side=COVER_MAX_SIDE, quality=85)
    return CoverImage(picture["content"])


def store_cover(resource, image_upload):
    """Set ``resource.cover`` to a re-encoded copy of the picture; the old one goes on commit.

    Raises ValidationError keyed ``cover``. The caller saves ``resource``.
    """
    try:
        cover = encode_cover(image_upload)
    except ValidationError as error:
        raise ValidationError({"cover": error.error_list}) from error
    old_name = resource.cover.name if resource.cover else ""
    resource.cover.save("cover.webp", ContentFile(cover.content), save=False)
    storage = resource.cover.storage
    delete_on_rollback(storage, [resource.cover.name])
    if old_name and old_name != resource.cover.name:
        delete_after_commit(storage, [old_name])
    return resource.cover


def delete_stored(resource_file):
    """Delete a file's stored content and thumbnail once the transaction commits."""
    stored = [resource_file, *resource_file.tracks.all()]
    delete_after_commit(resource_file.file.storage, [item.file.name for item in stored])
    thumbnails = [item.thumbnail for item in stored if item.thumbnail]
    if thumbnails:
        delete_after_commit(thumbnails[0].storage, [thumbnail.name for thumbnail in thumbnails])


def remove_file(actor, resource_file):
    """Take a file, with its captions and transcripts, off its resource.

    The stored content goes once the transaction commits. A resource keeps at least one file
    or its external link.
    """
    from atelier.core.audit import log_action

    from . import search
    from .models import ModerationEvent, Resource, Status

    if not actor.has_perm("library.change_resource", resource_file.resource):
        raise PermissionDenied
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource_file.resource_id)
        resource_file = resource.files.filter(pk=resource_file.pk).first()
        if resource_file is None:
            raise ValidationError(_("This file has already been removed."), code="gone")
        if resource_file.role == ResourceFile.Role.MAIN and not resource.external_url:
            others = resource.files.filter(role=ResourceFile.Role.MAIN).exclude(pk=resource_file.pk)
            if not others.exists():
                raise ValidationError(
                    _(
                        "A resource needs at least one file or an external link. Add another "
                        "file or a link before removing this one."
                    ),
                    code="last_file",
                )
        delete_stored(resource_file)
        name = resource_file.original_name
        resource_file.delete()
        resource.save(update_fields=["updated"])
        ModerationEvent.objects.create(
            resource=resource, action=ModerationEvent.Action.EDITED, actor=actor
        )
        log_action("library.file.remove", actor=actor, target=resource, file=name)
        if resource.status == Status.PUBLISHED:
            search.index_resource(resource)
    return resource
