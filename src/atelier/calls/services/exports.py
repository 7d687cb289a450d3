"""Scores of a call as CSV and XLSX: one row per reviewer and criterion."""

from django.utils.translation import gettext as _

from atelier.core import exports

from .. import queries


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


def export_csv(call):
    return exports.csv_text(export_columns(), export_rows(call))
