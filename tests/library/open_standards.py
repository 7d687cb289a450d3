"""Helpers for the tests of podcasts, feeds, OAI-PMH and the API: files attached to resources."""

import hashlib

from django.core.files.base import ContentFile

from atelier.library.models import ResourceFile

# A few bytes that start like an MP3 file; the feed and pages only read the stored metadata.
AUDIO = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 2038
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello.\n"


def attach(resource, content=AUDIO, *, role="main", mime_type="audio/mpeg", name="episode.mp3",
           duration=None, language="", media=None):  # fmt: skip
    return ResourceFile.objects.create(
        resource=resource,
        role=role,
        media=media,
        file=ContentFile(content, name=name),
        original_name=name,
        mime_type=mime_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        duration_seconds=duration,
        language=language,
        extraction=ResourceFile.Extraction.NONE,
    )


def attach_transcript(resource, audio, language="en"):
    return attach(
        resource,
        VTT,
        role="transcript",
        mime_type="text/vtt",
        name="transcript.vtt",
        language=language,
        media=audio,
    )
