"""Pictures read by their header first, decoded only within a pixel budget.

``read_header`` learns a picture's format and size without decoding a pixel; callers refuse
it there when it has too many pixels. ``reencode`` decodes and re-encodes (dropping metadata
and anything hidden after the pixels); it runs in ``core.sandbox``, so it takes a path and
returns plain values, and imports no Django.
"""

import io
import re
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = ("JPEG", "PNG", "WEBP")


class UnreadablePicture(Exception):
    """Not a picture of an accepted format, or a damaged one."""


class TooManyPixels(Exception):
    def __init__(self, pixels, limit):
        super().__init__(f"{pixels} pixels, more than {limit}")
        self.pixels, self.limit = pixels, limit


def _pixels_in(error):
    # Pillow refuses past twice its own budget while opening, before the size can be read;
    # its message holds the count.
    match = re.search(r"\((\d+) pixels\)", str(error))
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Header:
    format: str
    width: int
    height: int


_UNREADABLE = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
)


def read_header(stream, *, max_pixels, formats=FORMATS, verify=True):
    """The format and size of a picture, read without decoding it.

    Raises ``TooManyPixels`` above ``max_pixels`` and ``UnreadablePicture`` for anything that
    is not a sound picture in one of ``formats``. ``verify`` also walks the file's structure
    (chunks and their checksums), still without decoding the pixels.
    """
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow's own budget warns (and refuses at twice as much); ours comes first.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(stream, formats=formats) as probe:
                header = Header(probe.format, probe.width, probe.height)
                if header.width * header.height > max_pixels:
                    raise TooManyPixels(header.width * header.height, max_pixels)
                if verify:
                    probe.verify()
    except TooManyPixels:
        raise
    except Image.DecompressionBombError as exc:
        raise TooManyPixels(_pixels_in(exc), max_pixels) from exc
    except _UNREADABLE as exc:
        raise UnreadablePicture(str(exc)) from exc
    finally:
        stream.seek(0)
    if header.format not in formats:
        raise UnreadablePicture(header.format)
    return header


_ORIENTATION = 0x0112
# What ``ImageOps.exif_transpose`` does for each EXIF orientation, applied to the small copy.
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _as_rgb(image):
    if image.mode in ("RGB", "RGBA"):
        return image
    transparent = "A" in image.getbands() or "transparency" in image.info
    return image.convert("RGBA" if transparent else "RGB")


def reencode(path, *, side, max_pixels, output="webp", quality=85, square=False):
    """Decode the picture at ``path`` and encode it again, at most ``side`` pixels a side.

    ``square`` crops it around its centre to a square of ``min(width, height, side)``.
    ``output`` is "webp", or "jpeg-or-png" (PNG when the picture has transparency). Metadata
    (location, camera) is dropped; the picture is turned upright as its EXIF says. Returns
    ``{"content": bytes, "format": ..., "width": ..., "height": ...}``. Runs in the sandbox.
    """
    Image.MAX_IMAGE_PIXELS = max_pixels
    output_stream = io.BytesIO()
    with open(path, "rb") as stream:
        read_header(stream, max_pixels=max_pixels, verify=False)
        with Image.open(stream, formats=FORMATS) as image:
            orientation = image.getexif().get(_ORIENTATION)
            target = min(side, *image.size) if square else side
            # A JPEG is decoded at 1/2, 1/4 or 1/8 of its size when that is still large enough.
            image.draft("RGB", (target, target))
            if square:
                picture = ImageOps.fit(image, (target, target), method=Image.Resampling.LANCZOS)
            else:
                image.thumbnail((side, side))
                picture = image
            # Turned upright once small: the same picture for a fraction of the memory.
            if orientation in _UPRIGHT:
                picture = picture.transpose(_UPRIGHT[orientation])
            picture = _as_rgb(picture)
            if output == "webp":
                picture.save(output_stream, format="WEBP", quality=quality)
                kind = "WEBP"
            elif picture.mode == "RGBA":
                picture.save(output_stream, format="PNG", optimize=True)
                kind = "PNG"
            else:
                picture.save(output_stream, format="JPEG", quality=quality)
                kind = "JPEG"
            width, height = picture.size
    return {"content": output_stream.getvalue(), "format": kind, "width": width, "height": height}
