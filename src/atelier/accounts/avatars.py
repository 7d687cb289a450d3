"""Avatar uploads: checked by size, by content (never by name) and by pixels, then re-encoded.

The header is read here, and a picture with more pixels than an avatar needs is refused before
any is decoded; decoding and re-encoding run in a sandboxed child process (``core.uploads``),
so a hostile picture costs the web process nothing.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atelier.core import uploads

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
AVATAR_SIZE = 512
NOT_AN_IMAGE = gettext_lazy(
    "This file is not an image Atelier can use. Upload a JPEG, PNG or WebP picture."
)


def clean_avatar(upload):
    """Return a re-encoded, size-limited copy of an uploaded avatar, or raise ValidationError."""
    limit = settings.ATELIER_AVATAR_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The image is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    name = upload.name or _("The image")
    max_pixels = settings.ATELIER_AVATAR_MAX_PIXELS
    uploads.check_picture(
        upload, name, max_pixels=max_pixels, formats=tuple(ALLOWED_FORMATS), unreadable=NOT_AN_IMAGE
    )
    try:
        # Re-encoding drops metadata (location, camera) and anything hidden after the pixels.
        picture = uploads.reencode_picture(
            upload,
            name,
            side=AVATAR_SIZE,
            max_pixels=max_pixels,
            output="jpeg-or-png",
            quality=88,
        )
    except ValidationError as error:
        raise ValidationError(NOT_AN_IMAGE, code="not_image") from error
    extension, content_type = (
        ("png", "image/png") if picture["format"] == "PNG" else ("jpg", "image/jpeg")
    )
    return SimpleUploadedFile(f"avatar.{extension}", picture["content"], content_type=content_type)
