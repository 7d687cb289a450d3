"""Shared fixtures of the plans' tests: a programme's plan with its coordinator, a manager and
an action owned by Alice."""

from datetime import date
from decimal import Decimal

import pytest

from atelier.accounts.services import assign_role
from atelier.core.multilingual import MultilingualText
from atelier.plans import services
from tests.factories import UserFactory
from tests.programmes.factories import ProgrammeFactory

from .factories import ActionFactory, GoalFactory, IndicatorFactory, PlanFactory


@pytest.fixture
def programme(db):
    return ProgrammeFactory(slug="ecoc-test")


@pytest.fixture
def pia(programme):
    """Coordinator of the plan's programme only."""
    user = UserFactory(email="pia@example.org", display_name="Pia Programme")
    assign_role(user, "coordinator", scope=programme)
    return user


@pytest.fixture
def otto(db):
    """Coordinator of another programme."""
    user = UserFactory(email="otto@example.org", display_name="Otto Other")
    assign_role(user, "coordinator", scope=ProgrammeFactory(slug="other-programme"))
    return user


@pytest.fixture
def max_(db):
    """A plan manager with no role."""
    return UserFactory(email="max@example.org", display_name="Max Manager")


@pytest.fixture
def plan(programme, max_):
    plan = PlanFactory(slug="sme-growth", programme=programme)
    plan.managers.set([max_])
    return plan


@pytest.fixture
def goal(plan):
    return GoalFactory(plan=plan, title=MultilingualText("Activate start-ups", "en"))


@pytest.fixture
def action(goal, alice):
    return ActionFactory(goal=goal, title=MultilingualText("Mentoring", "en"), owners=[alice])


@pytest.fixture
def indicator(plan, goal, cora):
    indicator = IndicatorFactory(
        plan=plan, goal=goal, name=MultilingualText("SMEs reached", "en"), baseline=Decimal("0")
    )
    services.record_measurement(cora, indicator, value=Decimal("4"), measured_on=date(2025, 3, 1))
    return indicator
