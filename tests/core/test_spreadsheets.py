"""Spreadsheets are read row by row and refused one row past the limit."""

import io
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from atelier.core import spreadsheets
from tests.core import bombs


def xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_is_read_with_its_dates():
    content = xlsx([["Title", "Start"], ["Heritage", date(2020, 5, 1)], ["Music", 12]])
    rows = spreadsheets.read_rows(
        SimpleUploadedFile("projects.xlsx", content), "projects.xlsx", max_rows=10
    )
    assert rows == [["Title", "Start"], ["Heritage", datetime(2020, 5, 1)], ["Music", 12]]


def test_an_xlsx_of_a_million_and_a_half_rows_is_refused_one_row_past_the_limit(tmp_path):
    # 11 MB; read whole, 460 MB of cells. Its sheet, like many written by programs, does not
    # say its size up front (no <dimension>), which openpyxl would otherwise read to the end
    # for.
    path = bombs.xlsx_rows(tmp_path / "long.xlsx", 1_500_000)
    with pytest.raises(ValidationError) as error:
        spreadsheets.read_rows(path, "long.xlsx", max_rows=1000)
    assert error.value.code == "too_many_rows"
    assert error.value.messages == [
        "The file has more than 1000 rows. Split it into files of at most 1000 rows each."
    ]


def test_the_limit_itself_is_allowed(tmp_path):
    path = bombs.xlsx_rows(tmp_path / "exact.xlsx", 1000)
    assert len(spreadsheets.read_rows(path, "exact.xlsx", max_rows=1000)) == 1001


def test_an_xlsx_zip_bomb_is_refused_before_it_is_parsed():
    with pytest.raises(ValidationError) as error:
        spreadsheets.read_rows(
            io.BytesIO(bombs.docx_bomb(300 * 1024 * 1024)), "bomb.xlsx", max_rows=10
        )
    assert error.value.code == "zip_bomb"


def test_a_damaged_workbook_is_refused_with_a_message():
    with pytest.raises(ValidationError) as error:
        spreadsheets.read_rows(
            io.BytesIO(b"\xd0\xcf\x11\xe0" + b"\0" * 600), "old.xls", max_rows=10
        )
    assert error.value.messages == ["“old.xls” could not be read as a spreadsheet."]


def test_a_csv_is_streamed_and_stops_past_the_limit():
    content = "title\n" + "row\n" * 5_000_000
    upload = SimpleUploadedFile("long.csv", content.encode())
    with pytest.raises(ValidationError) as error:
        spreadsheets.read_rows(upload, "long.csv", max_rows=100)
    assert error.value.code == "too_many_rows"


def test_a_csv_within_the_limit_is_read():
    upload = SimpleUploadedFile("ok.csv", "\ufefftitle,year\nHeritage,2020\n".encode())
    assert spreadsheets.read_rows(upload, "ok.csv", max_rows=5) == [
        ["title", "year"],
        ["Heritage", "2020"],
    ]


def test_a_csv_not_in_utf8_is_refused():
    upload = SimpleUploadedFile("latin.csv", "titre\nCafé\n".encode("latin-1"))
    with pytest.raises(ValidationError) as error:
        spreadsheets.read_rows(upload, "latin.csv", max_rows=5)
    assert error.value.messages == ["The CSV file is not in UTF-8."]
