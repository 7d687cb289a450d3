"""CSV export and import with the same columns: rows checked first, nothing half-written."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from atelier.core.multilingual import MultilingualText
from atelier.plans import services
from atelier.plans.models import Action, Goal
from tests.network.factories import OrganisationFactory

from .factories import ActionFactory, GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(services.CSV_COLUMNS)


def _snapshot(plan):
    """What the plan holds, without ids: goals in order, each with its actions' fields."""
    result = []
    for goal in plan.goals.order_by("position", "pk"):
        actions = []
        for a in goal.actions.order_by("position", "pk"):
            actions.append(
                (
                    a.title.text,
                    a.description.text,
                    sorted(a.owners.values_list("email", flat=True)),
                    a.owner_text,
                    sorted(o.name.text for o in a.partners.all()),
                    a.partner_text,
                    a.starts_on,
                    a.due_on,
                    a.status,
                    a.progress,
                    a.budget,
                    a.funding_source,
                )
            )
        result.append((goal.title.text, actions))
    return result


def test_exported_csv_imported_into_an_empty_plan_reproduces_it(alice, bob, cora):
    theatre = OrganisationFactory(name=MultilingualText("Teatrul Național", "ro"))
    plan = PlanFactory()
    first = GoalFactory(plan=plan, title=MultilingualText("Activate start-ups, SMEs", "en"))
    second = GoalFactory(plan=plan, title=MultilingualText("Networks and clusters", "en"))
    GoalFactory(plan=plan, title=MultilingualText("Legacy", "en"))  # a goal with no action yet
    one = ActionFactory(
        goal=first,
        title=MultilingualText('Mentoring, with "quotes"', "en"),
        description=MultilingualText("Line one\nLine two; with a semicolon", "en"),
        owner_text="City hall",
        partner_text="A local café",
        starts_on=date(2025, 1, 15),
        due_on=date(2025, 12, 31),
        status="in-progress",
        progress=35,
        budget=Decimal("12500.50"),
        funding_source="Interreg",
        owners=[alice, bob],
    )
    one.partners.set([theatre])
    ActionFactory(
        goal=first, title=MultilingualText("Information point", "en"), status="done", progress=100
    )
    ActionFactory(
        goal=second, title=MultilingualText("Cluster map", "en"), status="delayed", progress=5
    )
    exported = services.export_csv(plan)

    copy = PlanFactory()
    count = services.import_csv(cora, copy, exported.encode("utf-8"), language="en")

    assert count == 3
    assert _snapshot(copy) == _snapshot(plan)
    assert services.export_csv(copy) == exported


def test_export_has_the_same_columns_as_the_import():
    plan = PlanFactory()
    ActionFactory(goal=GoalFactory(plan=plan), budget=None)
    rows = list(csv.reader(io.StringIO(services.export_csv(plan))))
    assert rows[0] == services.CSV_COLUMNS
    assert rows[1][9] == ""  # no budget stays empty, never 0


def test_import_reports_every_bad_row_and_writes_nothing(cora):
    plan = PlanFactory()
    GoalFactory(plan=plan, title=MultilingualText("Existing", "en"))
    content = "\n".join(
        [
            HEADER,
            "Goal A,Good action,,,,2025-01-01,2025-02-01,planned,0,,",
            "Goal A,Bad dates,,,,2025-13-01,,planned,0,,",
            "Goal B,Bad progress,,,,,,in-progress,140,,",
            ",No goal,,,,,,,,,",
            "Goal C,Bad status and budget,,,,,,finished,,12 euros,",
            "Goal D,Unknown owner,,nobody@example.org,,,,,,,",
            "Goal E,Due before start,,,,2025-05-01,2025-04-01,,,,",
        ]
    )
    with pytest.raises(services.CsvImportError) as caught:
        services.import_csv(cora, plan, content.encode())
    rows = [problem["row"] for problem in caught.value.problems]
    assert rows == [3, 4, 5, 6, 6, 7, 8]
    messages = [problem["message"] for problem in caught.value.problems]
    assert "2025-13-01" in messages[0]
    assert "140" in messages[1]
    assert messages[2] == "the goal is empty."
    assert "finished" in messages[3] and "12 euros" in messages[4]
    assert "nobody@example.org" in messages[5]
    assert messages[6] == "the due date is before the start."
    assert Goal.objects.filter(plan=plan).count() == 1
    assert Action.objects.filter(goal__plan=plan).count() == 0


def test_import_refuses_wrong_columns(cora):
    plan = PlanFactory()
    with pytest.raises(services.CsvImportError) as caught:
        services.import_csv(cora, plan, b"title,status\nSomething,done\n")
    assert caught.value.problems[0]["row"] == 1
    assert "goal, action title" in caught.value.problems[0]["message"]


def test_import_refuses_a_file_that_is_not_utf8(cora):
    plan = PlanFactory()
    with pytest.raises(services.CsvImportError) as caught:
        services.import_csv(cora, plan, (HEADER + "\nŢară,Acţiune\n").encode("cp1250"))
    assert "UTF-8" in caught.value.problems[0]["message"]


def test_import_adds_to_existing_goals_by_title(cora):
    plan = PlanFactory()
    goal = GoalFactory(plan=plan, title=MultilingualText("Networks", "en"))
    content = HEADER + "\nnetworks,A new action,,,,,,In progress,20%,100,\n"
    services.import_csv(cora, plan, content.encode("utf-8-sig"))
    action = Action.objects.get(goal__plan=plan)
    assert action.goal == goal
    assert (action.status, action.progress, action.budget) == ("in-progress", 20, Decimal("100"))


def test_cells_that_spreadsheets_run_as_formulas_are_quoted_and_round_trip(cora):
    plan = PlanFactory()
    goal = GoalFactory(plan=plan, title=MultilingualText('=HYPERLINK("x")', "en"))
    ActionFactory(goal=goal, title=MultilingualText("+1 more", "en"), funding_source="@fund")
    exported = services.export_csv(plan)
    assert "'=HYPERLINK" in exported and "'+1 more" in exported and "'@fund" in exported
    copy = PlanFactory()
    services.import_csv(cora, copy, exported.encode())
    assert _snapshot(copy) == _snapshot(plan)
