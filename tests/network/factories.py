"""Factories for the network's tests."""

import factory

from atelier.core.multilingual import MultilingualText
from atelier.network.models import Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: MultilingualText(f"Organisation {n:04d}", "en"))
    kind = Organisation.Kind.NGO
    country = "SI"
    city = "Ljubljana"

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sectors.set(extracted)
