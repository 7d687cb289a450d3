"""CSV export and import with the same columns: rows checked first, nothing half-written, and
an exported file imported again updates its actions instead of adding them twice."""

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


def _rows(content):
    return list(csv.reader(io.StringIO(content)))


def _without_ids(content):
    """The CSV without its last column, the actions' ids (another plan has other ids)."""
    return [row[:-1] for row in _rows(content)]


def _with_cells(content, changes):
    """``content`` with ``{(row, column name): value}`` changed, as a person would in a sheet."""
    rows = _rows(content)
    for (row, column), value in changes.items():
        rows[row][services.CSV_COLUMNS.index(column)] = value
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


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
    result = services.import_csv(cora, copy, exported.encode("utf-8"), language="en")

    assert result == services.CsvImport(created=3, updated=0, unchanged=0)
    assert _snapshot(copy) == _snapshot(plan)
    assert _without_ids(services.export_csv(copy)) == _without_ids(exported)
    assert _snapshot(plan)[0][1][0][0] == 'Mentoring, with "quotes"'  # the original is untouched


@pytest.fixture
def exported_plan(alice):
    theatre = OrganisationFactory(name=MultilingualText("Teatrul Național", "ro"))
    plan = PlanFactory()
    first = GoalFactory(plan=plan, title=MultilingualText("Activate start-ups", "en"))
    second = GoalFactory(plan=plan, title=MultilingualText("Networks", "en"))
    GoalFactory(plan=plan, title=MultilingualText("Legacy", "en"))
    title = MultilingualText("Mentorat", "ro").translate("en", "Mentoring", by="machine")
    mentoring = ActionFactory(
        goal=first,
        title=title,
        owner_text="City hall",
        starts_on=date(2025, 1, 15),
        due_on=date(2025, 12, 31),
        status="in-progress",
        progress=35,
        budget=Decimal("12500.50"),
        owners=[alice],
    )
    mentoring.partners.set([theatre])
    ActionFactory(goal=first, title=MultilingualText("Information point", "en"), progress=100)
    ActionFactory(goal=second, title=MultilingualText("Cluster map", "en"), status="delayed")
    return plan


def test_an_exported_csv_imported_again_changes_nothing(cora, exported_plan):
    plan = exported_plan
    before = _snapshot(plan)
    translated = Action.objects.get(title__text="Mentorat").title
    exported = services.export_csv(plan)

    result = services.import_csv(cora, plan, exported.encode(), language="en")

    assert result == services.CsvImport(created=0, updated=0, unchanged=3)
    assert Action.objects.filter(goal__plan=plan).count() == 3
    assert plan.goals.count() == 3
    assert services.export_csv(plan) == exported
    assert _snapshot(plan) == before
    assert Action.objects.get(title__text="Mentorat").title == translated  # translations kept


def test_reimporting_an_unchanged_export_reads_a_fixed_number_of_queries(cora, exported_plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_to_reimport():
        content = services.export_csv(exported_plan).encode()
        with CaptureQueriesContext(connection) as captured:
            services.import_csv(cora, exported_plan, content, language="en")
        return len(captured)

    queries_to_reimport()  # the content types are cached from here on
    few = queries_to_reimport()
    goal = exported_plan.goals.get(title__text="Networks")
    for n in range(10):
        ActionFactory(goal=goal, title=MultilingualText(f"Residency {n}", "en"))
    assert queries_to_reimport() == few


def test_an_edited_export_updates_the_actions_it_names_and_adds_new_rows(cora, exported_plan):
    plan = exported_plan
    exported = services.export_csv(plan)
    ids = {row[1]: int(row[-1]) for row in _rows(exported)[1:] if row[1]}
    edited = _with_cells(
        exported,
        {
            (1, "progress"): "60",
            (1, "status"): "in-progress",
            (2, "action title"): "One-stop information point",
            (3, "goal"): "Activate start-ups",  # the cluster map moves to the first goal
        },
    )
    edited += "Legacy,Archive of the lab notes,,,,,,planned,0,,,\n"

    result = services.import_csv(cora, plan, edited.encode(), language="en")

    assert result == services.CsvImport(created=1, updated=3, unchanged=0)
    actions = {a.pk: a for a in Action.objects.filter(goal__plan=plan).select_related("goal")}
    assert len(actions) == 4
    assert actions[ids["Mentorat"]].progress == 60
    assert actions[ids["Information point"]].title.text == "One-stop information point"
    assert actions[ids["Cluster map"]].goal.title.text == "Activate start-ups"
    assert actions[ids["Mentorat"]].title.translations  # the title did not change
    again = services.export_csv(plan)
    assert services.import_csv(cora, plan, again.encode()) == services.CsvImport(0, 0, 4)
    assert services.export_csv(plan) == again


def test_a_file_without_ids_updates_actions_by_goal_and_title(cora, exported_plan):
    plan = exported_plan
    columns = ",".join(services.CSV_COLUMNS[:-1])
    content = (
        f"{columns}\n"
        "activate start-ups,information point,,,,,,done,100,,\n"
        "Networks,Cluster map,,,,,,in-progress,40,,\n"
        "Networks,Cluster map,,,,,,planned,0,,\n"  # a second one of that name: a new action
    )

    result = services.import_csv(cora, plan, content.encode(), language="en")

    assert result == services.CsvImport(created=1, updated=2, unchanged=0)
    maps = Action.objects.filter(goal__plan=plan, title__text="Cluster map").order_by("pk")
    assert [(a.status, a.progress) for a in maps] == [("in-progress", 40), ("planned", 0)]
    assert Action.objects.filter(goal__plan=plan).count() == 4


def test_an_action_named_on_two_rows_is_refused(cora, exported_plan):
    plan = exported_plan
    exported = services.export_csv(plan)
    mentoring_row = _rows(exported)[1]
    twice = exported + ",".join(mentoring_row) + "\n"
    with pytest.raises(services.CsvImportError) as caught:
        services.import_csv(cora, plan, twice.encode())
    assert caught.value.problems == [
        {
            "row": len(_rows(twice)),
            "message": f"the action with the id {mentoring_row[-1]} is on an earlier row too.",
        }
    ]
    assert services.export_csv(plan) == exported


def test_an_id_that_is_not_a_number_is_refused(cora, exported_plan):
    content = HEADER + "\nNetworks,Cluster map,,,,,,,,,,abc\n"
    with pytest.raises(services.CsvImportError) as caught:
        services.import_csv(cora, exported_plan, content.encode())
    assert caught.value.problems == [
        {"row": 2, "message": "the id “abc” is not a number; leave it empty for a new action."}
    ]


def test_export_has_the_same_columns_as_the_import():
    plan = PlanFactory()
    ActionFactory(goal=GoalFactory(plan=plan), budget=None)
    rows = list(csv.reader(io.StringIO(services.export_csv(plan))))
    assert rows[0] == services.CSV_COLUMNS
    assert rows[1][9] == ""  # no budget stays empty, never 0
    assert rows[1][-1] == str(Action.objects.get().pk)


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
    assert "(the last one, id, may be left out)" in caught.value.problems[0]["message"]


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


def test_import_refuses_nul_bytes_as_the_forms_do(cora):
    plan = PlanFactory()
    content = (
        HEADER + "\nGoal A,Fine,,,,,,,,,\nGoal A,Bro\x00ken,,,,,,,,,\nGoal\x00B,Also,,,,,,,,,\n"
    )
    with pytest.raises(services.CsvImportError) as caught:
        services.import_csv(cora, plan, content.encode())
    assert caught.value.problems == [
        {"row": 3, "message": "Null characters are not allowed."},
        {"row": 4, "message": "Null characters are not allowed."},
    ]
    assert not Goal.objects.filter(plan=plan).exists()


def test_the_nul_byte_message_is_the_forms_own_in_the_readers_language(cora):
    from django import forms
    from django.utils import translation

    plan = PlanFactory()
    with translation.override("pl"):
        with pytest.raises(services.CsvImportError) as caught:
            services.import_csv(cora, plan, (HEADER + "\nGoal,A\x00,,,,,,,,,\n").encode())
        field = forms.CharField()
        with pytest.raises(forms.ValidationError) as refused:
            field.clean("A\x00")
        form_message = str(refused.value.messages[0])
    assert caught.value.problems[0]["message"] == form_message
    assert form_message != "Null characters are not allowed."
