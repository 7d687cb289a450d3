"""Factories for the calls' tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from atelier.calls.models import (
    Application,
    Call,
    Criterion,
    Question,
    ReviewAssignment,
    Score,
)
from atelier.core.multilingual import MultilingualText
from tests.factories import UserFactory


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    type = Call.Type.CONSULTANTS
    title = factory.Sequence(lambda n: MultilingualText(f"Call {n:04d}", "en"))
    slug = factory.Sequence(lambda n: f"call-{n:04d}")
    description = factory.LazyFunction(lambda: MultilingualText("What the call is for.", "en"))
    eligibility = factory.LazyFunction(lambda: MultilingualText("Anyone in Europe.", "en"))
    time_zone = "Europe/Sofia"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    status = Call.Status.PUBLISHED


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    call = factory.SubFactory(CallFactory)
    kind = Question.Kind.LONG_TEXT
    label = factory.Sequence(lambda n: MultilingualText(f"Question {n}", "en"))
    position = factory.Sequence(lambda n: n)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    label = factory.Sequence(lambda n: MultilingualText(f"Criterion {n}", "en"))
    weight = 50
    scale_min = 0
    scale_max = 10
    position = factory.Sequence(lambda n: n)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    status = Application.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssignment

    application = factory.SubFactory(ApplicationFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    assignment = factory.SubFactory(AssignmentFactory)
    criterion = factory.SubFactory(CriterionFactory)
    value = 5
