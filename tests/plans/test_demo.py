"""The demo plans: Timișoara's Action Plan for SME growth and the Creative Clusters' strategy."""

import pytest

from atelier.accounts import demo as accounts_demo
from atelier.plans import demo
from atelier.plans.models import Action, Goal, Indicator, IndicatorMeasurement, Plan, ProgressUpdate
from atelier.programmes import demo as programmes_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    accounts_demo.load()
    programmes_demo.load_seed_programmes()
    demo.load()


def _counts():
    return tuple(
        model.objects.count()
        for model in (Plan, Goal, Action, Indicator, IndicatorMeasurement, ProgressUpdate)
    )


def test_demo_loads_twice_as_once(loaded):
    before = _counts()
    demo.load()
    assert _counts() == before
    assert before[0] == 2


def test_timisoara_plan_is_romanian_with_english_machine_translation(loaded, client):
    plan = Plan.objects.get(slug="timisoara-action-plan-sme-growth")
    assert plan.programme.slug == "ecoc-sme"
    assert plan.title.language == "ro"
    assert plan.title.for_reader("en").is_machine_translation
    assert plan.organisation is not None and plan.organisation.city == "Timișoara"
    actions = Action.objects.filter(goal__plan=plan)
    assert actions.filter(budget__isnull=False).count() == 0
    assert actions.exclude(source_label="").exists()
    assert ProgressUpdate.objects.filter(action__goal__plan=plan).count() >= 5
    indicator = plan.indicators.get()
    assert indicator.measurements.count() == 2
    assert indicator.current_value == indicator.measurements.first().value
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200


def test_creative_clusters_strategy_is_polish(loaded):
    plan = Plan.objects.get(slug="creative-clusters-10-year-strategy")
    assert plan.programme.slug == "south-baltic-creative-clusters"
    assert plan.title.language == "pl"
    assert plan.goals.count() == 4
    network = Action.objects.get(goal__plan=plan, goal__position=0, position=0)
    assert network.partners.count() == 5
    assert plan.indicators.get().target == 10
