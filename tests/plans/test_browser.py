"""Browser journey: a visitor reads a public plan; an action's owner posts a progress update and
the plan's page shows the new progress (axe-clean pages)."""

from datetime import date

import pytest

from atelier.core.multilingual import MultilingualText
from atelier.plans import services
from tests.browsing import log_in

from .factories import ActionFactory, GoalFactory, IndicatorFactory, PlanFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_plan_page_and_posting_an_update(page, axe, alice, cora, password):
    plan = PlanFactory(
        slug="sme-growth", title=MultilingualText("Action plan for SME growth", "en")
    )
    goal = GoalFactory(plan=plan, title=MultilingualText("Activate start-ups", "en"))
    action = ActionFactory(
        goal=goal, title=MultilingualText("Mentoring programme", "en"), owners=[alice]
    )
    ActionFactory(goal=goal, title=MultilingualText("Information point", "en"))
    indicator = IndicatorFactory(
        plan=plan, goal=goal, name=MultilingualText("SMEs reached", "en"), baseline=0, target=40
    )
    services.record_measurement(cora, indicator, value=12, measured_on=date(2025, 3, 31))
    services.post_progress_update(
        alice,
        action,
        progress=20,
        status="in-progress",
        comment="First sessions",
        on=date(2025, 2, 1),
    )

    page.goto("/plans/")
    assert page.get_by_role("link", name="Action plan for SME growth").count() == 1
    axe(page)
    page.goto("/plans/sme-growth/")
    assert page.get_by_role("progressbar", name="Overall progress").get_attribute("value") == "10"
    assert "First sessions" in page.inner_text(".timeline")
    axe(page)

    log_in(page, alice, password)
    page.goto("/plans/sme-growth/")
    page.locator(".action-list").get_by_role("link", name="Mentoring programme").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_role("link", name="Post a progress update").click()
    page.wait_for_load_state()
    axe(page)
    page.fill("input[name=date]", "2025-05-15")
    page.fill("input[name=progress]", "80")
    page.select_option("select[name=status]", "in-progress")
    page.fill("textarea[name=comment]", "Second cohort started")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "The progress update is posted." in page.inner_text(".messages")
    axe(page)

    page.goto("/plans/sme-growth/")
    assert page.get_by_role("progressbar", name="Overall progress").get_attribute("value") == "40"
    timeline = page.inner_text(".timeline")
    assert timeline.index("Second cohort started") < timeline.index("First sessions")
    axe(page)
