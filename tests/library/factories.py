"""Factories for the library's tests."""

import factory
from django.utils import timezone

from atelier.core.multilingual import MultilingualText
from atelier.library.models import Collection, Kind, Licence, Podcast, Resource, Status


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    kind = Kind.TOOLKIT
    title = factory.Sequence(lambda n: MultilingualText(f"Toolkit {n:04d}", "en"))
    abstract = factory.LazyFunction(lambda: MultilingualText("A short abstract.", "en"))
    languages = factory.LazyFunction(lambda: ["en"])
    licence = Licence.CC_BY
    external_url = "https://example.org/toolkit"
    status = Status.SUBMITTED


class PublishedResourceFactory(ResourceFactory):
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class PodcastFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Podcast

    title = factory.Sequence(lambda n: MultilingualText(f"Podcast {n}", "en"))
    slug = factory.Sequence(lambda n: f"podcast-{n}")
    description = factory.LazyFunction(
        lambda: MultilingualText("Talks with cultural workers.", "en")
    )
    language = "en"
    author = "Atelier"
    owner_name = "Atelier"
    owner_email = "podcast@example.org"


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collection

    title = factory.Sequence(lambda n: MultilingualText(f"Collection {n}", "en"))
    slug = factory.Sequence(lambda n: f"collection-{n}")
