"""Avatar uploads: checked by size and by content (never by name), then re-encoded."""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
AVATAR_SIZE = 512


def clean_avatar(upload):
    """Return a re-encoded, size-limited copy of an uploaded avatar, or raise ValidationError."""
    limit = settings.ATELIER_AVATAR_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The image is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            probe = Image.open(upload)
            image_format = probe.format
            probe.verify()
            upload.seek(0)
            image = Image.open(upload)
            image.load()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise ValidationError(
            _("This file is not an image Atelier can use. Upload a JPEG, PNG or WebP picture."),
            code="not_image",
        ) from exc
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("This file is not an image Atelier can use. Upload a JPEG, PNG or WebP picture."),
            code="format",
        )
    # Re-encoding drops metadata (location, camera) and anything hidden after the pixels.
    image = ImageOps.exif_transpose(image)
    image.thumbnail((AVATAR_SIZE, AVATAR_SIZE))
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    output = io.BytesIO()
    if image.mode == "RGBA":
        image.save(output, format="PNG", optimize=True)
        extension, content_type = "png", "image/png"
    else:
        image.save(output, format="JPEG", quality=88)
        extension, content_type = "jpg", "image/jpeg"
    return SimpleUploadedFile(f"avatar.{extension}", output.getvalue(), content_type=content_type)
