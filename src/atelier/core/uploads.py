"""Checks every upload path shares: zip containers before they are opened, pictures before
they are decoded, and decoding itself in a limited child process.

Each check answers with a translated ``ValidationError``; the memory a hostile file could take
stays in a sandboxed child (``core.sandbox``), never in the web or worker process.
"""

import os
import shutil
import tempfile
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
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
