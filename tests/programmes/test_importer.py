import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from atelier.network.models import Organisation
from atelier.programmes import importer
from atelier.programmes.models import Partner, Programme

pytestmark = pytest.mark.django_db

REAL_EXPORT = "/work/shared/data/eu-culture-2007-2013-projects.xls"
HEADER = [
    "Programme Funding", "Start date", "End date", "Project Identifier", "External Reference",
    "Project Title", "Project Summary", "EU Grant award in euros (indicative)",
    "Project Website", "Participating countries", "Coordinator's name", "Coordinator's address",
    "Coordinator's country", "Coordinator's website",
    "Partner 1 name", "Partner 1 address", "Partner 1 country", "Partner 1 website",
    "Partner 2 name", "Partner 2 address", "Partner 2 country", "Partner 2 website",
]  # fmt: skip
FESTIVALS = "Culture\\Culture (2007-2013)\\Festivals"


def row(identifier="ID-1", title="Dance moves", start="01/05/2006", end="30/04/2009", **kw):
    return [
        kw.get("funding", FESTIVALS), start, end, identifier, "", title,
        kw.get("summary", "The project brings dancers together."), kw.get("grant", "200000.0"),
        "www.example.org", "BE,DE", kw.get("coordinator", "P.A.R.T.S."), "",
        kw.get("coordinator_country", "BE"), "www.parts.be",
        kw.get("partner1", "Kunstencentrum Vooruit"), "", kw.get("partner1_country", "BE"), "",
        kw.get("partner2", ""), "", kw.get("partner2_country", ""), "",
    ]  # fmt: skip


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


def write_xlsx(path, rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for values in [HEADER, *rows]:
        sheet.append(values)
    workbook.save(path)
    return path


def test_import_creates_programmes_partners_and_organisations_from_csv(tmp_path):
    path = write_csv(tmp_path / "projects.csv", [row(partner2="HAU", partner2_country="DE")])
    summary = importer.import_projects(path)
    assert (len(summary.created), summary.organisations_created, summary.skipped) == (1, 3, [])
    programme = Programme.objects.get(identifier="ID-1")
    assert str(programme.title) == "Dance moves"
    assert programme.funding_programme == "culture-2007-2013"
    assert programme.action_type == "Festivals"
    assert programme.eu_contribution == Decimal("200000.00")
    assert programme.website == "http://www.example.org"
    assert [(str(p.organisation), p.role) for p in programme.partners.order_by("order")] == [
        ("P.A.R.T.S.", "lead"),
        ("Kunstencentrum Vooruit", "partner"),
        ("HAU", "partner"),
    ]


def test_import_reads_xlsx_with_the_same_columns(tmp_path):
    path = write_xlsx(tmp_path / "projects.xlsx", [row(), row("ID-2", "Second")])
    summary = importer.import_projects(path)
    assert len(summary.created) == 2
    assert sorted(Programme.objects.values_list("identifier", flat=True)) == ["ID-1", "ID-2"]


def test_import_twice_updates_and_never_duplicates(tmp_path):
    path = write_csv(tmp_path / "projects.csv", [row()])
    importer.import_projects(path)
    again = importer.import_projects(path)
    assert (len(again.created), len(again.unchanged), again.organisations_created) == (0, 1, 0)
    changed = write_csv(tmp_path / "changed.csv", [row(title="Dance moves, revised")])
    third = importer.import_projects(changed)
    assert len(third.updated) == 1
    assert Programme.objects.count() == 1
    assert str(Programme.objects.get().title) == "Dance moves, revised"
    assert Organisation.objects.count() == 2


def test_import_recognises_an_organisation_written_differently(tmp_path):
    path = write_csv(
        tmp_path / "projects.csv",
        [
            row("ID-1", partner1="Kunstencentrum VOORUIT "),
            row("ID-2", partner1="kunstencentrum vooruit"),
        ],
    )
    summary = importer.import_projects(path)
    assert (summary.organisations_created, summary.organisations_merged) == (2, 2)
    assert Organisation.objects.filter(normalised_name="kunstencentrum vooruit").count() == 1


def test_import_skips_bad_rows_and_says_why(tmp_path):
    rows = [
        row("ID-1"),
        row("ID-2", title=""),
        row("ID-3", start="31/12/2010", end="01/01/2010"),
        row("ID-4", start="someday"),
        row("ID-5", coordinator_country="ZZ"),
    ]
    summary = importer.import_projects(write_csv(tmp_path / "projects.csv", rows))
    assert summary.created == [2]
    assert summary.skipped == [
        (3, "The project has no title."),
        (4, "The project ends (2010-01-01) before it starts (2010-12-31)."),
        (5, "The start date “someday” is not a date (dd/mm/yyyy)."),
        (6, "“ZZ” is not a known country code."),
    ]
    assert list(Programme.objects.values_list("identifier", flat=True)) == ["ID-1"]


def test_import_keeps_a_partner_with_a_shifted_country_cell_and_warns(tmp_path):
    path = write_csv(
        tmp_path / "projects.csv", [row(partner1="VIDEOFORMES", partner1_country="BP")]
    )
    summary = importer.import_projects(path)
    assert summary.created == [2]
    assert summary.warnings == [
        (
            2,
            "Partner 1 (VIDEOFORMES): “BP” is not a known country code. "
            "The partner is kept without a country.",
        )
    ]
    assert Organisation.objects.get(normalised_name="videoformes").country == ""


def test_import_maps_eu_country_codes_to_iso(tmp_path):
    path = write_csv(tmp_path / "p.csv", [row(coordinator_country="UK", partner1_country="EL")])
    importer.import_projects(path)
    countries = Partner.objects.order_by("order").values_list("organisation__country", flat=True)
    assert list(countries) == ["GB", "GR"]


def test_dry_run_saves_nothing(tmp_path):
    summary = importer.import_projects(write_csv(tmp_path / "p.csv", [row()]), dry_run=True)
    assert (len(summary.created), summary.organisations_created) == (1, 2)
    assert (Programme.objects.count(), Organisation.objects.count()) == (0, 0)


def test_dry_run_says_what_the_import_then_does(tmp_path):
    """The dry run writes nothing, yet follows each row through the ones before it: a project
    named twice, organisations met again, a changed partner list, a web address taken."""
    importer.import_projects(write_csv(tmp_path / "before.csv", [row("ID-1"), row("ID-9")]))
    rows = [
        row("ID-1", partner1="Theater Rotterdam", partner1_country="NL"),  # partners change
        row("ID-2", partner2="HAU", partner2_country="DE"),
        row("ID-2", title="Dance moves, revised"),  # the same project again
        row("ID-3", coordinator="Kunstencentrum Vooruit", coordinator_country="BE"),
        row("ID 2", title="Another"),  # its address "id-2" is ID-2's
        row("ID-9"),  # as it is
        row("ID-4", title=""),
    ]
    path = write_csv(tmp_path / "projects.csv", rows)
    preview = importer.import_projects(path, dry_run=True).as_dict()
    assert Programme.objects.count() == 2
    summary = importer.import_projects(path).as_dict()
    assert {**preview, "dry_run": False} == summary
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (2, 2, 1)
    assert (summary["organisations_created"], summary["organisations_merged"]) == (2, 9)
    assert summary["skipped"] == [
        {"row": 6, "reason": "Another programme already has the web address “id-2”."},
        {"row": 8, "reason": "The project has no title."},
    ]


def test_a_grant_too_large_for_an_amount_skips_the_row(tmp_path):
    rows = [row("ID-1", grant="1000000000000000"), row("ID-2", grant="999999999999.99")]
    path = write_csv(tmp_path / "projects.csv", rows)
    assert importer.import_projects(path, dry_run=True).skipped == [
        (2, "The EU grant “1000000000000000” is too large to be an amount in euros.")
    ]
    summary = importer.import_projects(path)
    assert summary.skipped == [
        (2, "The EU grant “1000000000000000” is too large to be an amount in euros.")
    ]
    assert Programme.objects.get().eu_contribution == Decimal("999999999999.99")


def test_a_file_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,city\nA,B\n")
    with pytest.raises(importer.ImportFileError) as error:
        importer.import_projects(path)
    assert str(error.value) == (
        "This is not a projects export: the columns “programme funding”, “start date”, "
        "“end date”, “project identifier”, “project title” are missing."
    )


def test_an_unsupported_file_type_is_refused(tmp_path):
    path = tmp_path / "projects.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(importer.ImportFileError) as error:
        importer.import_projects(path)
    assert str(error.value) == f"Atelier reads .xls, .xlsx and .csv files, not “{path}”."


def test_command_prints_a_summary_with_row_numbers(tmp_path):
    path = write_csv(tmp_path / "projects.csv", [row(), row("ID-2", title="")])
    out, err = io.StringIO(), io.StringIO()
    call_command("import_projects", str(path), stdout=out, stderr=err)
    text = out.getvalue()
    assert "programmes created:   1" in text
    assert "rows skipped:         1" in text
    assert "row 3: The project has no title." in text
    assert "[##############################] 2/2" in err.getvalue()


def test_command_dry_run_says_so_and_saves_nothing(tmp_path):
    out = io.StringIO()
    path = write_csv(tmp_path / "projects.csv", [row()])
    call_command("import_projects", str(path), "--dry-run", "--no-progress", stdout=out)
    assert "Dry run: nothing was saved." in out.getvalue()
    assert Programme.objects.count() == 0


def test_command_reports_a_missing_file():
    with pytest.raises(CommandError) as error:
        call_command("import_projects", "/nonexistent/projects.csv", "--no-progress")
    assert str(error.value) == "No such file: /nonexistent/projects.csv"


def test_the_real_culture_export_imports_all_737_projects_once():
    summary = importer.import_projects(REAL_EXPORT)
    assert (summary.rows, len(summary.created), len(summary.skipped)) == (737, 737, 0)
    assert Programme.objects.count() == 737
    organisations = Organisation.objects.count()
    again = importer.import_projects(REAL_EXPORT)
    assert (len(again.created), len(again.unchanged), again.organisations_created) == (0, 737, 0)
    assert (Programme.objects.count(), Organisation.objects.count()) == (737, organisations)
