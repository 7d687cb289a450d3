"""The database keeps the plans' invariants even when code forgets to."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from atelier.plans.models import ProgressUpdate

from .factories import ActionFactory, IndicatorFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("progress", [101, 250])
def test_action_progress_above_100_is_refused(progress):
    action = ActionFactory()
    action.progress = progress
    with pytest.raises(IntegrityError), transaction.atomic():
        action.save()


def test_action_progress_0_and_100_are_kept():
    action = ActionFactory(progress=0)
    action.progress = 100
    action.save()
    action.refresh_from_db()
    assert action.progress == 100


def test_action_due_before_start_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(starts_on=date(2025, 5, 1), due_on=date(2025, 4, 1))


def test_action_negative_budget_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(budget=-1)


def test_action_unknown_status_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(status="forgotten")


def test_plan_period_ending_before_it_starts_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(starts_on=date(2026, 1, 1), ends_on=date(2025, 1, 1))


def test_plan_unknown_visibility_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(visibility="secret")


def test_update_progress_above_100_is_refused():
    action = ActionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(
            action=action, date=date(2025, 1, 1), progress=120, status="in-progress"
        )


def test_indicator_current_value_without_a_date_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorFactory(current_value=5, measured_on=None)
