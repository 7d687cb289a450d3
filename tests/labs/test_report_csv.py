"""The report's CSV quotes cells a spreadsheet would run as formulas."""

import csv
import io

from django.urls import reverse

from atelier.core.multilingual import MultilingualText
from atelier.labs import services
from atelier.labs.models import Lab, Question


def test_cells_starting_like_a_formula_are_quoted(client, fay):
    lab = services.create_lab(
        fay,
        title=MultilingualText("Lab", "en"),
        slug="csv-lab",
        status=Lab.Status.OPEN,
        allow_guests=True,
    )
    question = Question.objects.create(lab=lab, text=MultilingualText("-What now?", "en"))
    services.add_round(lab, question, 10)
    table = services.add_table(lab, 1)
    guest = services.join(lab, guest_name="@evil")
    services.start_next_round(lab)
    formula = services.post_note(table, guest, '=HYPERLINK("http://x.invalid","click")')
    plus = services.post_note(table, guest, "+1 more idea")
    plain = services.post_note(table, guest, "Plain idea")
    services.create_theme(lab, "=SUM(A1)", [formula, plus, plain])
    client.force_login(fay)
    content = client.get(reverse("labs:report-csv", args=[lab.slug])).content.decode()
    rows = {row[3]: row for row in csv.reader(io.StringIO(content))}
    assert set(rows) == {
        "note",
        '\'=HYPERLINK("http://x.invalid","click")',
        "'+1 more idea",
        "Plain idea",
    }
    plain_row = rows["Plain idea"]
    assert plain_row == ["1", "'-What now?", "1", "Plain idea", "", "'@evil", "'=SUM(A1)"]
