"""CSV and XLSX exports: cells a spreadsheet would run as formulas are written as text."""

import csv
import io

import pytest
from django.http import Http404
from openpyxl import load_workbook

from atelier.core import exports

HEADER = ["name", "comment", "score"]
ROWS = [
    ['=HYPERLINK("http://x")', "+1", 3],
    ["-2", "@SUM(A1)", -4],
    ["\tTab", "\rReturn", 0],
    ["Ana", "fine - really", 7],
]
QUOTED = [
    ['\'=HYPERLINK("http://x")', "'+1", 3],
    ["'-2", "'@SUM(A1)", -4],
    ["'\tTab", "'\rReturn", 0],
    ["Ana", "fine - really", 7],
]


def test_csv_text_quotes_formula_cells_and_starts_with_a_byte_order_mark():
    text = exports.csv_text(HEADER, ROWS)
    assert text.startswith("\ufeffname,comment,score\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[1:] == [[str(cell) for cell in row] for row in QUOTED]


def test_csv_text_without_a_byte_order_mark():
    assert exports.csv_text(HEADER, [], bom=False) == "name,comment,score\r\n"


def test_xlsx_bytes_quote_formula_cells_and_keep_numbers():
    content = exports.xlsx_bytes(HEADER, ROWS, sheet="A sheet name longer than thirty-one letters")
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "A sheet name longer than thirty"
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [HEADER, *QUOTED]


def test_unsafe_cell_takes_the_quote_off_again():
    assert [exports.unsafe_cell(cell) for cell in QUOTED[1][:2]] == ["-2", "@SUM(A1)"]
    assert exports.unsafe_cell("'quoted") == "'quoted"


def test_table_response_names_the_download_and_refuses_other_formats():
    response = exports.table_response("csv", HEADER, ROWS, filename="scores", sheet="Scores")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="scores.csv"'
    response = exports.table_response("xlsx", HEADER, ROWS, filename="scores", sheet="Scores")
    assert response["Content-Type"] == exports.CONTENT_TYPES["xlsx"]
    with pytest.raises(Http404):
        exports.table_response("ods", HEADER, ROWS, filename="scores", sheet="Scores")
