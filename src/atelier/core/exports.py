"""Exports as CSV and XLSX in which no cell runs as a formula.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, and cells hold what people wrote (names, comments, notes): such a cell is
written with a leading apostrophe, which spreadsheets show as text and imports take off again.
"""

import csv
import io

from django.http import Http404, HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value):
    """``value``, with a leading apostrophe when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unsafe_cell(value):
    """A cell of an exported file read back: the apostrophe ``safe_cell`` added taken off."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def safe_rows(rows):
    for row in rows:
        yield [safe_cell(value) for value in row]


def csv_text(header, rows, *, bom=True):
    """The rows under ``header`` as CSV text; ``bom`` starts it with a byte-order mark, so
    spreadsheet programs read UTF-8 names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(safe_rows(rows))
    return ("\ufeff" if bom else "") + buffer.getvalue()


def xlsx_bytes(header, rows, *, sheet):
    """The rows under ``header`` as an XLSX workbook of one sheet named ``sheet``."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    # A sheet's name has at most 31 characters.
    worksheet = workbook.create_sheet(str(sheet)[:31])
    worksheet.append(header)
    for row in safe_rows(rows):
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(content, fmt, filename):
    """``content`` (made by ``csv_text`` or ``xlsx_bytes``) as a download ``filename.fmt``."""
    answer = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    answer["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return answer


def table_response(fmt, header, rows, *, filename, sheet, bom=True):
    """The rows as a CSV or XLSX download, by ``fmt``; another format is not found (404)."""
    if fmt == "csv":
        return response(csv_text(header, rows, bom=bom), fmt, filename)
    if fmt == "xlsx":
        return response(xlsx_bytes(header, rows, sheet=sheet), fmt, filename)
    raise Http404
