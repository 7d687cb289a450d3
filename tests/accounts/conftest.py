"""Helpers for the accounts tests: real image bytes and the links allauth mails out."""

import io
import re

import pytest
from PIL import Image


def image_bytes(image_format="PNG", size=(64, 48), colour=(200, 30, 90)):
    """A real image encoded by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


def link_in(message):
    """The first URL in a mail's body, as a path the test client can request."""
    url = re.search(r"https?://[^\s]+", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def stored_files(root):
    """Every file under ``root`` (the test's MEDIA_ROOT), relative to it."""
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def png_bytes():
    return image_bytes("PNG")
