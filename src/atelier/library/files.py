"""Files of the library: checked by size, by sniffed content and by zip limits, then stored.

A file's type is read from its first bytes (and, for the zip containers DOCX, PPTX, XLSX, ODT
and EPUB, from their members), never from its name (``core.uploads``); each role of a file
takes its own types. It is stored under a generated name with the sniffed type's extension;
the name it came with is kept only as a cleaned display name.
Nothing is left half-stored: every upload of a submission is checked before any is stored, and
files written in a transaction that rolls back are deleted.
"""

from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from atelier.core import uploads
from atelier.core.storage import delete_after_commit, delete_on_rollback
from atelier.core.uploads import CheckedUpload

from .models import ResourceFile

# Which types each role of a file takes: captions are WebVTT; a transcript may be plain text.
ROLE_FAMILIES = {
    ResourceFile.Role.MAIN: {"document", "text", "audio", "video", "image"},
    ResourceFile.Role.CAPTIONS: {"captions"},
    ResourceFile.Role.TRANSCRIPT: {"captions", "text"},
}
COVER_MAX_SIDE = 1600


def _role_check(role):
    def accept(file_type, name):
        if file_type.family in ROLE_FAMILIES[role]:
            return
        if file_type.family == "captions":
            raise ValidationError(
                _(
                    "“%(name)s” holds captions (WebVTT). Attach captions to an audio or video "
                    "file on the resource's files page."
                ),
                code="captions",
                params={"name": name},
            )
        raise ValidationError(
            _("“%(name)s” cannot be used as %(role)s: upload a WebVTT file."),
            code="role",
            params={"name": name, "role": ResourceFile.Role(role).label},
        )

    return accept


def check_upload(upload, role=ResourceFile.Role.MAIN):
    """Check one upload by size, sniffed type and content (``core.uploads.check_file``) and
    by the types its ``role`` takes; return a ``CheckedUpload``."""
    if isinstance(upload, CheckedUpload):
        return upload
    return replace(uploads.check_file(upload, accept=_role_check(role)), role=role)


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


def _image_only(file_type, name):
    if file_type.family != "image":
        raise ValidationError(
            _("“%(name)s” is not a JPEG, PNG or WebP picture."),
            code="not_image",
            params={"name": name},
        )


def encode_cover(upload):
    """Check a cover picture by content and re-encode it as WebP, at most 1600 pixels a side.

    The header is checked here; decoding and encoding run in a sandboxed child process."""
    if isinstance(upload, CoverImage):
        return upload
    checked = uploads.check_file(upload, accept=_image_only)
    picture = uploads.reencode_picture(
        checked.upload, uploads.shown_name(checked.upload.name), side=COVER_MAX_SIDE, quality=85
    )
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

    from .models import ModerationEvent, Resource

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
    return resource
