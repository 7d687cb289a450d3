"""Factories for the events' tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from atelier.core.multilingual import MultilingualText
from atelier.events.models import (
    ApplicationQuestion,
    Event,
    Format,
    Registration,
    RegistrationMode,
    Session,
    Type,
)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: MultilingualText(f"Event {n:04d}", "en"))
    slug = factory.Sequence(lambda n: f"event-{n:04d}")
    type = Type.TRAINING
    format = Format.ON_SITE
    venue_name = "Cultural centre"
    venue_address = "Main square 1"
    venue_city = "Maribor"
    venue_country = "SI"
    time_zone = "Europe/Ljubljana"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=6))
    languages = factory.LazyFunction(lambda: ["en"])
    registration_mode = RegistrationMode.OPEN
    status = Event.Status.PUBLISHED


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: MultilingualText(f"Session {n:04d}", "en"))
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.event.starts_at + timedelta(hours=1))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationQuestion

    event = factory.SubFactory(EventFactory, registration_mode=RegistrationMode.APPLICATION)
    text = factory.Sequence(lambda n: MultilingualText(f"Why do you want to come? ({n})", "en"))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory("tests.factories.UserFactory")
    attendance_mode = "room"
    status = Registration.Status.CONFIRMED
