"""Zip containers are refused by what they declare, before any member is inflated."""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError

from atelier.core import archives, uploads
from tests.core import bombs


def refusal(content, limits=None):
    with pytest.raises(ValidationError) as error:
        uploads.check_zip(io.BytesIO(content), "report.docx", limits)
    return error.value


def test_a_document_passes():
    content = bombs._zip({"[Content_Types].xml": bombs.CONTENT_TYPES, "word/document.xml": "<w/>"})
    uploads.check_zip(io.BytesIO(content), "report.docx")


def test_a_part_that_inflates_a_thousandfold_is_a_zip_bomb():
    bomb = bombs.docx_bomb(300 * 1024 * 1024)
    assert len(bomb) < 400_000
    error = refusal(bomb)
    assert error.code == "zip_bomb"
    assert error.messages == [
        "“report.docx” would unpack to far more data than it holds (a “zip bomb”), "
        "so it was not accepted."
    ]


def test_many_parts_each_under_the_part_threshold_are_judged_together():
    # Twenty parts of 5 MB of zeros: none alone is large enough to be judged by its ratio,
    # but the archive as a whole unpacks to a thousand times its size.
    members = {"[Content_Types].xml": bombs.CONTENT_TYPES}
    members.update({f"word/media/{number}.bin": 5 * 1024 * 1024 for number in range(20)})
    content = bombs._zip(members)
    assert len(content) < 200_000
    assert refusal(content).code == "zip_bomb"


def test_more_data_in_total_than_allowed_is_refused():
    content = bombs._zip({"word/document.xml": "x" * 5000})
    error = refusal(content, archives.ZipLimits(max_total_bytes=1000))
    assert error.code == "zip_bomb"


def test_the_number_of_parts_is_read_from_the_end_record_before_the_directory():
    content = bytearray(bombs._zip({"word/document.xml": "<w/>"}))
    # The end record now claims a million entries; the directory itself holds one.
    end = content.rfind(b"PK\x05\x06")
    content[end + 8 : end + 12] = struct.pack("<HH", 0xFFFF - 1, 0xFFFF - 1)
    # zipfile itself does not mind: it reads the directory by its size, not its count.
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        assert len(archive.infolist()) == 1
    error = refusal(bytes(content), archives.ZipLimits(max_members=1000))
    assert error.code == "too_many_members"
    assert error.messages == ["“report.docx” holds too many parts (65534) to be a document."]


def test_an_oversized_central_directory_is_refused_before_it_is_read():
    members = {f"{'n' * 200}{number}.xml": "" for number in range(50)}
    error = refusal(bombs._zip(members), archives.ZipLimits(max_directory_bytes=4096))
    assert error.code == "zip_bomb"


def test_a_password_protected_archive_is_refused():
    content = bytearray(bombs._zip({"word/document.xml": "<w/>"}))
    # The "encrypted" flag, in the local header and in the directory entry.
    content[6] |= 1
    directory = content.find(b"PK\x01\x02")
    content[directory + 8] |= 1
    assert refusal(bytes(content)).code == "encrypted"


def test_a_truncated_archive_is_damaged():
    content = bombs._zip({"word/document.xml": "<w/>"})
    error = refusal(content[:40])
    assert error.code == "damaged"
    assert error.messages == ["“report.docx” is damaged: it cannot be opened."]
