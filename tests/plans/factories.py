"""Factories for the plans' tests."""

import factory

from atelier.core.multilingual import MultilingualText
from atelier.plans.models import Action, Goal, Indicator, Plan


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"plan-{n:04d}")
    title = factory.Sequence(lambda n: MultilingualText(f"Plan {n:04d}", "en"))
    status = Plan.Status.ACTIVE
    visibility = Plan.Visibility.PUBLIC


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: MultilingualText(f"Goal {n:04d}", "en"))


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    goal = factory.SubFactory(GoalFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: MultilingualText(f"Action {n:04d}", "en"))

    @factory.post_generation
    def owners(self, create, extracted, **kwargs):
        if create and extracted:
            self.owners.set(extracted)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(PlanFactory)
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: MultilingualText(f"Indicator {n:04d}", "en"))
    unit = "people"
