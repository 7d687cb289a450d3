"""Factories for the expert pool."""

import datetime

import factory

from atelier.core.multilingual import MultilingualText
from atelier.experts.models import ExpertProfile, SupportRequest
from tests.factories import UserFactory

ALL_VISIBLE = list(ExpertProfile.Visible.values)


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertProfile

    user = factory.SubFactory(UserFactory)
    areas = factory.LazyFunction(lambda: ["audience-development"])
    keywords = factory.LazyFunction(lambda: ["museums"])
    languages = factory.LazyFunction(lambda: [{"code": "en", "level": "C1"}])
    countries = factory.LazyFunction(lambda: ["BG"])
    bio = factory.LazyFunction(lambda: MultilingualText("I help museums find audiences.", "en"))
    is_listed = True
    visible_fields = factory.LazyFunction(lambda: list(ALL_VISIBLE))


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest

    requester = factory.SubFactory(UserFactory)
    organisation_name = "Plovdiv 2019 Foundation"
    title = factory.LazyFunction(lambda: MultilingualText("Help with our audience survey", "en"))
    description = factory.LazyFunction(
        lambda: MultilingualText("We want to understand who comes to our museums.", "en")
    )
    areas = factory.LazyFunction(lambda: ["audience-development"])
    languages = factory.LazyFunction(lambda: ["en"])
    starts_on = datetime.date(2027, 3, 1)
    ends_on = datetime.date(2027, 3, 31)
