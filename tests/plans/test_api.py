"""The plans' API: public plans only in the list; one plan with goals, actions, indicators."""

from datetime import date

import pytest

from atelier.plans import services
from atelier.plans.models import Plan

from .factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_list_shows_public_active_plans_only(client, plan):
    PlanFactory(slug="hidden-draft", status=Plan.Status.DRAFT)
    PlanFactory(slug="members-only", visibility=Plan.Visibility.MEMBERS)
    response = client.get("/api/plans/")
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["items"]] == ["sme-growth"]


def test_detail_has_goals_actions_and_indicators(client, plan, goal, action, indicator, alice):
    services.post_progress_update(
        alice, action, progress=30, status="in-progress", on=date(2025, 1, 2)
    )
    data = client.get("/api/plans/sme-growth").json()
    assert data["progress"] == 30
    assert data["goals"][0]["title"] == "Activate start-ups"
    assert data["goals"][0]["progress"] == 30
    only = data["goals"][0]["actions"][0]
    assert (only["title"], only["status"], only["progress"]) == ("Mentoring", "in-progress", 30)
    assert only["owners"] == ["Alice Member"]
    assert data["indicators"][0]["current_value"] == "4.00"
    assert "alice@example.org" not in str(data)


def test_members_plan_needs_a_member(client, plan, bob):
    plan.visibility = Plan.Visibility.MEMBERS
    plan.save()
    assert client.get("/api/plans/sme-growth").status_code == 404
    client.force_login(bob)
    assert client.get("/api/plans/sme-growth").status_code == 200


def test_draft_plan_is_not_found(client, plan):
    plan.status = Plan.Status.DRAFT
    plan.save()
    assert client.get("/api/plans/sme-growth").status_code == 404
    assert client.get("/api/plans/nothing-here").status_code == 404
