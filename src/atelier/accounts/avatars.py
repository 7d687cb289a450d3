"""Avatar uploads: checked by size, by content (never by name) and by pixels, then re-encoded.

The header is read here, and a picture with more pixels than an avatar needs is refused before
any is decoded; decoding and re-encoding run in a sandboxed child process (``core.uploads``),
so a hostile picture costs the web process nothing.
"""

from django.conf import settings

from atelier.core import uploads

AVATAR_SIZE = 512


def clean_avatar(upload):
    """Return a re-encoded, size-limited copy of an uploaded avatar, or raise ValidationError."""
    return uploads.clean_picture(
        upload,
        max_bytes=settings.ATELIER_AVATAR_MAX_BYTES,
        max_pixels=settings.ATELIER_AVATAR_MAX_PIXELS,
        side=AVATAR_SIZE,
        stem="avatar",
        output="jpeg-or-png",
        quality=88,
    )
