"""Zip containers (DOCX, XLSX, PPTX, ODT, EPUB, course packages) checked before they are opened.

What an archive declares is checked before any member is inflated: how many members it has and
how large its central directory is (read from its last bytes, before ``zipfile`` builds an
entry per member), then the sum of what its members unpack to and how well they compress. A
zip bomb is refused by what it promises; what it really inflates to cannot exceed what it
promised, since ``zipfile`` stops reading a member at its declared size.

No Django here: sandboxed readers use it too. ``core.uploads.check_zip`` turns the refusals
into translated messages.
"""

import struct
import zipfile
from dataclasses import dataclass

_END_OF_DIRECTORY = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END_OF_DIRECTORY = b"PK\x06\x06"
_END_RECORD_SIZE = 22
_MAX_COMMENT = 65535


@dataclass(frozen=True)
class ZipLimits:
    """What a zip container may declare."""

    max_members: int = 10_000
    max_total_bytes: int = 1024 * 1024 * 1024
    # Members (and the archive as a whole) above ``ratio_from_bytes`` may unpack to at most
    # ``max_ratio`` times what they take in the archive.
    max_ratio: int = 200
    ratio_from_bytes: int = 10 * 1024 * 1024
    # Each entry of the central directory costs memory once read; a DOCX's takes ~100 bytes.
    max_directory_bytes: int = 16 * 1024 * 1024

    def as_dict(self):
        return {
            "max_members": self.max_members,
            "max_total_bytes": self.max_total_bytes,
            "max_ratio": self.max_ratio,
            "ratio_from_bytes": self.ratio_from_bytes,
            "max_directory_bytes": self.max_directory_bytes,
        }


class UnsafeArchive(Exception):
    """A zip container refused before it is opened. ``code`` says why:

    "damaged", "too_many_members", "zip_bomb", "encrypted" or "method".
    """

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def _declared_directory(stream):
    """(members, central directory bytes) from the end-of-directory records."""
    stream.seek(0, 2)
    size = stream.tell()
    tail_start = max(0, size - _END_RECORD_SIZE - _MAX_COMMENT)
    stream.seek(tail_start)
    tail = stream.read()
    position = tail.rfind(_END_OF_DIRECTORY)
    if position < 0 or len(tail) - position < _END_RECORD_SIZE:
        raise UnsafeArchive("damaged")
    (_disk, _start_disk, _here, members, directory_bytes, _offset, _comment) = struct.unpack(
        "<HHHHIIH", tail[position + 4 : position + _END_RECORD_SIZE]
    )
    if members == 0xFFFF or directory_bytes == 0xFFFFFFFF:
        locator = position - 20
        if locator < 0 or tail[locator : locator + 4] != _ZIP64_LOCATOR:
            raise UnsafeArchive("damaged")
        (record_offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        stream.seek(record_offset)
        record = stream.read(56)
        if len(record) < 56 or record[:4] != _ZIP64_END_OF_DIRECTORY:
            raise UnsafeArchive("damaged")
        members, directory_bytes = struct.unpack("<QQ", record[32:48])
    return members, directory_bytes, size


def check_declared(stream, limits):
    """Refuse an archive by its end-of-directory record alone; reads its last 64 KB."""
    members, directory_bytes, _size = _declared_directory(stream)
    if members > limits.max_members:
        raise UnsafeArchive("too_many_members", count=members)
    if directory_bytes > limits.max_directory_bytes:
        raise UnsafeArchive("zip_bomb")
    stream.seek(0)


def check_members(archive, limits, archive_bytes=None):
    """Refuse an opened archive by what its members declare, before any is read."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise UnsafeArchive("too_many_members", count=len(members))
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise UnsafeArchive("encrypted")
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsafeArchive("method")
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > limits.max_total_bytes or (
            member.file_size > limits.ratio_from_bytes and ratio > limits.max_ratio
        ):
            raise UnsafeArchive("zip_bomb")
    # Many members each a little under the threshold, or entries that share their data.
    if (
        archive_bytes
        and total > limits.ratio_from_bytes
        and total / archive_bytes > limits.max_ratio
    ):
        raise UnsafeArchive("zip_bomb")


def open_zip(stream, limits):
    """A ``zipfile.ZipFile`` of a seekable binary stream that passed every check."""
    try:
        check_declared(stream, limits)
        stream.seek(0, 2)
        archive_bytes = stream.tell()
        stream.seek(0)
        archive = zipfile.ZipFile(stream)
    except UnsafeArchive:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsafeArchive("damaged") from exc
    try:
        check_members(archive, limits, archive_bytes)
    except BaseException:
        archive.close()
        raise
    return archive
