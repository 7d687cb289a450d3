"""Spreadsheets (.xlsx, .xls, .csv) read row by row, and never past a number of rows.

A spreadsheet of a few megabytes can hold a million rows; read whole, it takes gigabytes. Rows
are read lazily and reading stops one row past the limit, which refuses the file. XLSX and XLS
are parsed in a sandboxed child process (``core.sandbox``) after the XLSX's zip container was
checked; CSV, plain text, is read here as a stream. Dates cross from the child tagged, so they
arrive as ``date`` and ``datetime`` again.

The child imports this module, so Django is imported only inside the parent's functions.
"""

import csv
import io
import sys
from datetime import date, datetime, time
from pathlib import Path

EXTENSIONS = (".xlsx", ".xls", ".csv")


# The child's side (no Django) -----------------------------------------------------------------


def _plain(value):
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, time):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _without_dimensions(worksheet):
    return None


def sheet_rows(path, kind, limit):
    """The first ``limit`` rows of the first sheet of the workbook at ``path`` ("xlsx" or
    "xls"), each a list of plain cells. Runs in the sandbox."""
    rows = []
    if kind == "xlsx":
        # openpyxl uses NumPy when it can import it; NumPy with its threads would take half
        # the child's address space before the first row, and rows need none of it.
        sys.modules.setdefault("numpy", None)
        from openpyxl import load_workbook
        from openpyxl.worksheet._read_only import ReadOnlyWorksheet

        # openpyxl looks for a sheet's <dimension> by parsing up to the end of its rows, so a
        # sheet without one is read whole before its first row is given: a million rows take
        # minutes. Rows are read as they come instead, without knowing how many there are.
        ReadOnlyWorksheet._get_size = _without_dimensions

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                if len(rows) >= limit:
                    break
                rows.append([_plain(cell) for cell in row])
        finally:
            workbook.close()
        return rows
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
    for row in sheet.iter_rows():
        if len(rows) >= limit:
            break
        rows.append([_plain(cell) for cell in row])
    return rows


# The parent's side ---------------------------------------------------------------------------


def _cell(value):
    if isinstance(value, dict):
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return date.fromisoformat(value["date"])
    return value


def _too_many_rows(max_rows):
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext_lazy as _

    return ValidationError(
        _(
            "The file has more than %(limit)s rows. Split it into files of at most "
            "%(limit)s rows each."
        ),
        code="too_many_rows",
        params={"limit": max_rows},
    )


def _csv_rows(stream, limit):
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext_lazy as _

    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    rows = []
    try:
        for row in csv.reader(text):
            if len(rows) >= limit:
                break
            rows.append(row)
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The CSV file is not in UTF-8."), code="encoding") from exc
    except csv.Error as exc:
        raise ValidationError(
            _("The CSV file could not be read: %(error)s"), code="damaged", params={"error": exc}
        ) from exc
    finally:
        # The caller's stream stays open; only the wrapper is let go.
        text.detach()
    return rows


def _workbook_rows(source, name, limit):
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext_lazy as _

    from . import sandbox, uploads

    kind = Path(str(name)).suffix.lower()[1:]
    try:
        if isinstance(source, str | Path):
            if kind == "xlsx":
                with open(source, "rb") as stream:
                    uploads.check_zip(stream, name)
            return sandbox.run(sheet_rows, str(source), kind, limit)
        if kind == "xlsx":
            uploads.check_zip(source, name)
        # openpyxl goes by the file's extension.
        with uploads.local_path(source, suffix=f".{kind}") as path:
            return sandbox.run(sheet_rows, path, kind, limit)
    except sandbox.SandboxError as error:
        raise ValidationError(
            _("“%(name)s” could not be read as a spreadsheet."),
            code="damaged",
            params={"name": name},
        ) from error


def read_rows(source, name, *, max_rows):
    """The rows of a spreadsheet, header first, at most ``max_rows`` below the header.

    ``source`` is an upload, a stream or a path; ``name`` gives its extension. Raises a
    translated ``ValidationError`` ("too_many_rows", "encoding", "damaged", a zip refusal)
    when the file is longer or cannot be read.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext_lazy as _

    from . import uploads

    extension = Path(str(name)).suffix.lower()
    if extension not in EXTENSIONS:
        raise ValidationError(
            _("Atelier reads .xls, .xlsx and .csv files, not “%(name)s”."),
            code="extension",
            params={"name": name},
        )
    # The header, the rows allowed, and one more to know that there are too many.
    limit = max_rows + 2
    if extension == ".csv":
        if isinstance(source, str | Path):
            with open(source, "rb") as stream:
                rows = _csv_rows(stream, limit)
        else:
            stream = uploads.raw_stream(source)
            stream.seek(0)
            rows = _csv_rows(stream, limit)
    else:
        rows = [[_cell(value) for value in row] for row in _workbook_rows(source, name, limit)]
    if len(rows) > max_rows + 1:
        raise _too_many_rows(max_rows)
    return rows
