"""The plan pages: the public tracking page computed from updates, editors' forms, CSV pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atelier.core.multilingual import MultilingualText
from atelier.plans import services
from atelier.plans.models import Action, Goal, Indicator, Plan
from tests.queries import assert_same_queries

from .factories import ActionFactory, GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_public_page_shows_progress_from_updates(client, plan, goal, action, alice, indicator):
    second = ActionFactory(goal=goal, title=MultilingualText("Info point", "en"))
    other_goal = GoalFactory(plan=plan, title=MultilingualText("Legacy", "en"))
    ActionFactory(
        goal=other_goal, title=MultilingualText("Dropped", "en"), status="cancelled", progress=0
    )
    services.post_progress_update(
        alice, action, progress=60, status="in-progress", comment="Half way", on=date(2025, 3, 1)
    )
    services.post_progress_update(
        alice, second, progress=100, status="done", comment="Opened", on=date(2025, 4, 1)
    )

    html = client.get(plan.get_absolute_url()).content.decode()

    # (60 + 100) / 2: the cancelled action is left out.
    assert '<progress max="100" value="80" aria-label="Overall progress">80%</progress>' in html
    assert 'aria-label="Progress of the goal “Activate start-ups”">80%' in html
    assert "Half way" in html and "Opened" in html
    assert html.index("Opened") < html.index("Half way")  # newest first
    assert "In progress" in html and "Done" in html and "Cancelled" in html
    assert "Alice Member" in html
    assert "alice@example.org" not in html
    assert "SMEs reached" in html
    assert "style=" not in html


def test_goal_without_actions_says_so(client, plan):
    GoalFactory(plan=plan)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "No actions under this goal yet." in html
    assert "no actions yet" in html


def test_owner_posts_an_update_through_the_page(client, plan, action, alice):
    client.force_login(alice)
    url = reverse("plans:progress", args=[plan.slug, action.pk])
    response = client.post(
        url, {"date": "2025-05-02", "progress": "45", "status": "delayed", "comment": "Venue late"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.progress, action.status) == (45, "delayed")
    assert action.updates.get().author == alice


def test_bad_update_answers_an_error_and_writes_nothing(client, plan, action, alice):
    client.force_login(alice)
    url = reverse("plans:progress", args=[plan.slug, action.pk])
    response = client.post(url, {"date": "2025-05-02", "progress": "145", "status": "done"})
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100." in response.content.decode()
    assert action.updates.count() == 0


def test_coordinator_creates_a_plan_in_their_programme(client, pia, programme, max_):
    client.force_login(pia)
    data = {
        "title_text": "Plan for SMEs",
        "content_language": "en",
        "slug": "plan-for-smes",
        "programme": programme.pk,
        "visibility": "public",
        "status": "active",
        "manager_emails": "max@example.org",
    }
    response = client.post(reverse("plans:create"), data)
    assert response.status_code == 302
    plan = Plan.objects.get(slug="plan-for-smes")
    assert plan.title.text == "Plan for SMEs"
    assert set(plan.managers.values_list("email", flat=True)) == {
        "pia@example.org",
        "max@example.org",
    }


def test_programme_coordinator_cannot_create_a_plan_elsewhere(client, pia):
    client.force_login(pia)
    response = client.post(
        reverse("plans:create"),
        {"title_text": "Elsewhere", "content_language": "en", "slug": "elsewhere",
         "visibility": "public", "status": "active"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Plan.objects.filter(slug="elsewhere").exists()


def test_editor_adds_goal_action_indicator_and_measurement(client, plan, max_, alice):
    client.force_login(max_)
    response = client.post(
        reverse("plans:goal-create", args=[plan.slug]),
        {"title_text": "Networks", "content_language": "en"},
    )
    assert response.status_code == 302
    goal = Goal.objects.get(plan=plan)
    response = client.post(
        reverse("plans:action-create", args=[plan.slug]),
        {"goal": goal.pk, "title_text": "Meetings", "content_language": "en",
         "owner_emails": "alice@example.org", "status": "planned", "progress": "0",
         "starts_on": "2025-01-01", "due_on": "2025-06-30", "budget": "",
         "source_label": "World café theme: meet across sectors"},
    )  # fmt: skip
    assert response.status_code == 302
    action = Action.objects.get(goal=goal)
    assert list(action.owners.all()) == [alice]
    assert action.budget is None
    assert action.source_label == "World café theme: meet across sectors"
    response = client.post(
        reverse("plans:indicator-create", args=[plan.slug]),
        {"name_text": "Meetings held", "content_language": "en", "goal": goal.pk,
         "unit": "meetings", "baseline": "0", "target": "12"},
    )  # fmt: skip
    assert response.status_code == 302
    indicator = Indicator.objects.get(plan=plan)
    url = reverse("plans:measure", args=[plan.slug, indicator.pk])
    assert client.post(url, {"value": "3", "measured_on": "2025-03-31"}).status_code == 302
    assert client.post(url, {"value": "5", "measured_on": "2025-06-30"}).status_code == 302
    indicator.refresh_from_db()
    assert indicator.current_value == Decimal("5")
    html = client.get(url).content.decode()
    assert "3.00" in html and "5.00" in html


def test_action_form_refuses_due_before_start(client, plan, goal, max_):
    client.force_login(max_)
    response = client.post(
        reverse("plans:action-create", args=[plan.slug]),
        {"goal": goal.pk, "title_text": "Late", "content_language": "en", "status": "planned",
         "progress": "0", "starts_on": "2025-06-01", "due_on": "2025-01-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "The due date must not be before the start." in response.content.decode()
    assert not Action.objects.filter(goal=goal).exists()


def test_editing_keeps_machine_translations_of_unchanged_text(client, plan, max_):
    title = MultilingualText("Plan de acțiune", "ro").translate("en", "Action plan", by="machine")
    plan.title = title
    plan.save()
    client.force_login(max_)
    data = {"title_text": "Plan de acțiune", "content_language": "ro", "slug": plan.slug,
            "programme": plan.programme_id, "visibility": "public", "status": "closed",
            "manager_emails": "max@example.org"}  # fmt: skip
    assert client.post(reverse("plans:edit", args=[plan.slug]), data).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "closed"
    assert plan.title.get("en") == "Action plan"


def test_csv_export_page(client, plan, action, max_):
    client.force_login(max_)
    response = client.get(reverse("plans:csv", args=[plan.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="sme-growth.csv"' in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0] == ",".join(services.CSV_COLUMNS)
    assert lines[1].startswith("Activate start-ups,Mentoring,,alice@example.org,")


def test_import_page_lists_row_errors_and_writes_nothing(client, plan, max_):
    client.force_login(max_)
    content = ",".join(services.CSV_COLUMNS) + "\nGoal,Fine,,,,,,,,,\nGoal,Broken,,,,,,,abc,,\n"
    upload = SimpleUploadedFile("plan.csv", content.encode(), content_type="text/csv")
    response = client.post(reverse("plans:import", args=[plan.slug]), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in html
    assert "Row 3: the progress “abc” is not a whole number from 0 to 100." in html
    assert not Goal.objects.filter(plan=plan).exists()


def test_import_page_imports(client, plan, max_, django_capture_on_commit_callbacks):
    client.force_login(max_)
    content = ",".join(services.CSV_COLUMNS) + "\nGoal,Fine,,,,,,done,100,,\n"
    upload = SimpleUploadedFile("plan.csv", content.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:import", args=[plan.slug]), {"file": upload})
    assert response.status_code == 302
    assert Action.objects.get(goal__plan=plan).status == "done"
    exported = client.get(reverse("plans:csv", args=[plan.slug])).content
    upload = SimpleUploadedFile("plan.csv", exported, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:import", args=[plan.slug]), {"file": upload})
    assert (
        "Actions added: 0. Actions updated: 0. Actions already as in the file: 1."
        in client.get(response["Location"]).content.decode()
    )
    assert Action.objects.filter(goal__plan=plan).count() == 1


def _fill(n, programme=None):
    for _i in range(n):
        plan = PlanFactory(programme=programme)
        goal = GoalFactory(plan=plan)
        for _ in range(2):
            ActionFactory(goal=goal)


def _add_goals(plan, n, alice):
    from tests.plans.factories import IndicatorFactory

    for _ in range(n):
        goal = GoalFactory(plan=plan)
        action = ActionFactory(goal=goal, owners=[alice])
        action.partners.set([])
        services.post_progress_update(alice, action, progress=10, status="in-progress")
        IndicatorFactory(plan=plan, goal=goal)


def test_list_query_count(client, programme, alice):
    _fill(1, programme)
    client.force_login(alice)
    one, several = assert_same_queries(
        lambda: client.get(reverse("plans:list")), lambda: _fill(3, programme)
    )
    for plan in Plan.objects.all():
        assert plan.get_absolute_url() in several.content.decode()


def test_list_query_count_for_visitors(client):
    _fill(1)
    one, several = assert_same_queries(lambda: client.get(reverse("plans:list")), lambda: _fill(3))
    for plan in Plan.objects.all():
        assert plan.get_absolute_url() in several.content.decode()


def test_public_page_query_count(client, alice):
    plan = PlanFactory()
    _add_goals(plan, 1, alice)
    one, several = assert_same_queries(
        lambda: client.get(plan.get_absolute_url()), lambda: _add_goals(plan, 3, alice)
    )
    for goal in plan.goals.all():
        assert str(goal.title) in several.content.decode()


def test_action_page_query_count(client, action, plan, alice):
    def post_updates(n):
        for i in range(n):
            services.post_progress_update(
                alice, action, progress=10 + i, status="in-progress", comment=f"Step {i}"
            )

    post_updates(1)
    one, several = assert_same_queries(
        lambda: client.get(reverse("plans:action", args=[plan.slug, action.pk])),
        lambda: post_updates(3),
    )
    assert all(f"Step {i}" in several.content.decode() for i in range(3))


def test_list_filters_by_programme_and_the_programme_has_a_tab(client, plan, programme):
    PlanFactory(slug="elsewhere-plan")
    html = client.get(reverse("plans:list") + f"?programme={programme.slug}").content.decode()
    assert "sme-growth" in html and "elsewhere-plan" not in html
    assert "Of the programme" in html
    from atelier.programmes.queries import tabs_for

    urls = {tab["key"]: tab["url"] for tab in tabs_for(programme)}
    assert urls["plans"] == f"/plans/?programme={programme.slug}"


def test_public_page_describes_the_plan_in_json_ld(client, plan):
    import json
    import re

    plan.title = MultilingualText("Plan </script><b>", "en")
    plan.save()
    html = client.get(plan.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    assert "</script><b>" not in block
    data = json.loads(block)
    assert data["name"] == "Plan </script><b>"
    assert data["@type"] == "CreativeWork"
    assert data["url"] == "http://testserver/plans/sme-growth/"
    assert data["isPartOf"]["url"] == plan.programme.get_absolute_url()


@pytest.mark.parametrize(
    ("language", "budget"), [("en", "12,345.50 EUR"), ("bg", "12\xa0345,50 EUR")]
)
def test_action_budget_is_grouped_as_the_readers_language_groups_thousands(
    client, plan, action, language, budget
):
    action.budget = Decimal("12345.50")
    action.save()
    url = reverse("plans:action", args=[plan.slug, action.pk])
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200
    assert budget in response.content.decode()
