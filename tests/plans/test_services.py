"""The plans' write path: progress updates, measurements with history, audit log."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from atelier.core.models import AuditLogEntry
from atelier.core.multilingual import MultilingualText
from atelier.plans import services
from atelier.plans.models import Action, ProgressUpdate
from atelier.plans.queries import overall_progress

from .factories import ActionFactory, GoalFactory, IndicatorFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_progress_update_sets_the_actions_progress_and_status(alice):
    action = ActionFactory(owners=[alice])
    update = services.post_progress_update(
        alice, action, progress=40, status="in-progress", comment="Started", on=date(2025, 3, 1)
    )
    action.refresh_from_db()
    assert (action.progress, action.status) == (40, "in-progress")
    assert update.author == alice
    entry = AuditLogEntry.objects.get(action="plans.progress.posted")
    assert entry.actor == alice
    assert entry.object_id == str(action.pk)
    assert entry.data["progress"] == 40


def test_an_older_update_does_not_override_newer_news(alice):
    action = ActionFactory()
    services.post_progress_update(
        alice, action, progress=70, status="in-progress", on=date(2025, 6, 1)
    )
    services.post_progress_update(alice, action, progress=10, status="planned", on=date(2025, 1, 1))
    action.refresh_from_db()
    assert (action.progress, action.status) == (70, "in-progress")
    assert action.updates.count() == 2


def test_a_bad_progress_update_writes_nothing(alice):
    action = ActionFactory(progress=20)
    with pytest.raises(ValidationError):
        services.post_progress_update(alice, action, progress=101, status="done")
    with pytest.raises(ValidationError):
        services.post_progress_update(alice, action, progress=50, status="forgotten")
    action.refresh_from_db()
    assert action.progress == 20
    assert ProgressUpdate.objects.count() == 0
    assert not AuditLogEntry.objects.filter(action="plans.progress.posted").exists()


def test_measurements_are_kept_and_the_newest_is_current(cora):
    indicator = IndicatorFactory(baseline=Decimal("2"))
    services.record_measurement(cora, indicator, value=Decimal("5"), measured_on=date(2025, 1, 31))
    services.record_measurement(cora, indicator, value=Decimal("9"), measured_on=date(2025, 6, 30))
    services.record_measurement(cora, indicator, value=Decimal("7"), measured_on=date(2025, 3, 31))
    indicator.refresh_from_db()
    assert indicator.current_value == Decimal("9")
    assert indicator.measured_on == date(2025, 6, 30)
    history = list(indicator.measurements.values_list("value", flat=True))
    assert history == [Decimal("9"), Decimal("7"), Decimal("5")]
    assert AuditLogEntry.objects.filter(action="plans.measurement.recorded").count() == 3


def test_create_plan_refuses_bad_period_and_writes_nothing(cora):
    with pytest.raises(ValidationError):
        services.create_plan(
            cora,
            slug="bad",
            title=MultilingualText("Bad", "en"),
            starts_on=date(2026, 1, 1),
            ends_on=date(2025, 1, 1),
        )
    assert not AuditLogEntry.objects.filter(action="plans.plan.created").exists()


def test_an_action_cannot_move_to_another_plans_goal(cora):
    action = ActionFactory()
    other = GoalFactory()
    with pytest.raises(ValidationError):
        services.update_action(cora, action, goal=other)


def test_indicator_goal_must_be_of_the_same_plan(cora):
    plan = PlanFactory()
    with pytest.raises(ValidationError):
        services.add_indicator(
            cora, plan, name=MultilingualText("Visitors", "en"), goal=GoalFactory()
        )


def test_overall_progress_is_the_mean_without_cancelled_actions():
    actions = [
        Action(progress=100, status="done"),
        Action(progress=50, status="in-progress"),
        Action(progress=0, status="planned"),
        Action(progress=10, status="cancelled"),
    ]
    assert overall_progress(actions) == 50
    assert overall_progress([]) is None
    assert overall_progress([Action(progress=0, status="cancelled")]) is None


def test_a_proposed_action_keeps_the_link_to_its_source(fay):
    goal = GoalFactory()
    action = services.propose_action(
        fay,
        goal,
        title=MultilingualText("Meet across sectors every quarter", "en"),
        source_label="Theme “Meet across sectors” of the Timișoara lab",
        source_url="/labs/timisoara/themes/3/",
    )
    assert (action.status, action.progress) == ("planned", 0)
    assert action.source_url == "/labs/timisoara/themes/3/"
    assert AuditLogEntry.objects.filter(action="plans.action.created").count() == 1


# Browsers read a backslash as a slash and drop tabs and line breaks inside an address, so
# "/\evil.invalid" and "/<tab>/evil.invalid" lead to another host.
@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "//evil.example/x",
        "data:text/html,x",
        "/\\evil.invalid/x",
        "\\\\evil.invalid/x",
        "/\t/evil.invalid/x",
        "/\n/evil.invalid/x",
        "http://example.org/x",
        "https:/\\evil.invalid",
        "https:evil.invalid",
        "https://",
        " https://example.org/",
    ],
)
def test_a_source_link_must_be_a_web_address_or_a_local_path(fay, url):
    goal = GoalFactory()
    with pytest.raises(ValidationError):
        services.propose_action(
            fay, goal, title=MultilingualText("X", "en"), source_label="Lab", source_url=url
        )
    assert not Action.objects.exists()


@pytest.mark.parametrize("url", ["https://example.org/labs/3", "/labs/timisoara/themes/3/", "/"])
def test_a_source_link_may_be_an_https_address_or_a_path_of_this_site(fay, url):
    action = services.propose_action(
        fay, GoalFactory(), title=MultilingualText("X", "en"), source_label="Lab", source_url=url
    )
    assert action.source_url == url
