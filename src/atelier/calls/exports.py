"""Scores of a call as CSV and XLSX: one row per reviewer and criterion."""

import csv
import io

from django.utils.translation import gettext as _

from . import queries


def export_columns():
    return [
        _("Application"),
        _("Applicant"),
        _("Reviewer"),
        _("Criterion"),
        _("Weight (%)"),
        _("Lowest score"),
        _("Highest score"),
        _("Score"),
        _("Comment"),
        _("Review submitted"),
    ]


def export_rows(call):
    for score in queries.score_rows(call):
        assignment = score.assignment
        criterion = score.criterion
        yield [
            assignment.application_id,
            assignment.application.applicant.display_name_or_fallback,
            assignment.reviewer.display_name_or_fallback,
            criterion.label.text,
            criterion.weight,
            criterion.scale_min,
            criterion.scale_max,
            score.value,
            score.comment,
            assignment.submitted_at.isoformat(timespec="seconds"),
        ]


def _safe_cell(value):
    # Spreadsheets run cells starting with these as formulas; comments come from people.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_csv(call):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(export_columns())
    for row in export_rows(call):
        writer.writerow([_safe_cell(value) for value in row])
    # A byte-order mark so spreadsheet programs read the UTF-8 names correctly.
    return "\ufeff" + buffer.getvalue()


def export_xlsx(call):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Scores")[:31])
    sheet.append(export_columns())
    for row in export_rows(call):
        sheet.append([_safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
