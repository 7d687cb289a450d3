"""Factories for the programmes' tests."""

from datetime import date

import factory

from atelier.core.multilingual import MultilingualText
from atelier.programmes.models import FundingProgramme, Partner, Programme
from tests.network.factories import OrganisationFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: MultilingualText(f"Programme {n:04d}", "en"))
    slug = factory.Sequence(lambda n: f"programme-{n:04d}")
    funding_programme = FundingProgramme.CREATIVE_EUROPE
    start_date = date(2020, 1, 1)
    end_date = date(2022, 12, 31)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Partner.Role.PARTNER
    order = factory.Sequence(lambda n: n)
