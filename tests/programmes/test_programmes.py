from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from atelier.accounts.services import assign_role
from atelier.core.multilingual import MACHINE, MultilingualText
from atelier.programmes import queries
from atelier.programmes.models import Partner, Programme, Status
from tests.network.factories import OrganisationFactory
from tests.programmes.factories import PartnerFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("programmes:list")


def test_status_follows_the_dates():
    today = date(2021, 6, 1)
    assert ProgrammeFactory(start_date=date(2022, 1, 1), end_date=None).status_on(today) == (
        Status.UPCOMING
    )
    assert ProgrammeFactory().status_on(today) == Status.RUNNING
    assert ProgrammeFactory(end_date=date(2020, 6, 1)).status_on(today) == Status.PAST
    assert ProgrammeFactory(start_date=None, end_date=None).status_on(today) == Status.UNKNOWN


def test_status_filter_finds_running_programmes():
    today = date.today()
    running = ProgrammeFactory(start_date=today - timedelta(days=10), end_date=None)
    ProgrammeFactory(start_date=today + timedelta(days=10), end_date=None)
    ProgrammeFactory(start_date=date(2010, 1, 1), end_date=date(2011, 1, 1))
    assert list(queries.with_status(Programme.objects.all(), "running")) == [running]


def test_duration_in_months_counts_whole_months():
    assert ProgrammeFactory(start_date=date(2019, 10, 1), end_date=date(2022, 3, 31)).months == 30
    assert ProgrammeFactory(start_date=date(2020, 1, 15), end_date=date(2020, 2, 14)).months == 1
    assert ProgrammeFactory(start_date=None, end_date=None, duration_months=30).months == 30


def test_computed_cofinancing_rate_and_disagreement():
    agreeing = ProgrammeFactory(
        total_budget=Decimal("1000"), eu_contribution=Decimal("850"), cofinancing_rate=85
    )
    disagreeing = ProgrammeFactory(
        total_budget=Decimal("1000"), eu_contribution=Decimal("600"), cofinancing_rate=85
    )
    assert agreeing.computed_cofinancing_rate == Decimal("85.0")
    assert agreeing.cofinancing_rates_disagree is False
    assert disagreeing.cofinancing_rates_disagree is True


def test_consortium_make_up_reads_like_seed_003():
    programme = ProgrammeFactory()
    countries = ["DE", "PL", "LT", "SE", "PL", "DE"]
    for n, country in enumerate(countries):
        role = Partner.Role.LEAD if n == 0 else Partner.Role.PARTNER
        PartnerFactory(programme=programme, organisation__country=country, role=role)
    for country in ["DE", "PL", "LT", "SE"]:
        PartnerFactory(
            programme=programme, organisation__country=country, role=Partner.Role.ASSOCIATED
        )
    partners = list(queries.partners_of(programme))
    assert queries.consortium_make_up(partners) == (
        "6 full partners and 4 associated partners from DE, PL, LT, SE"
    )


def test_programme_list_is_public_and_filters(client):
    ProgrammeFactory(
        title=MultilingualText("Creative Clusters", "en"), funding_programme="interreg"
    )
    ProgrammeFactory(title=MultilingualText("PRO KUS", "sl"), funding_programme="national")
    response = client.get(LIST, {"funding": "interreg"})
    assert response.status_code == 200
    assert [str(p.title) for p in response.context["programmes"]] == ["Creative Clusters"]
    assert [str(p.title) for p in client.get(LIST, {"q": "kus"}).context["programmes"]] == [
        "PRO KUS"
    ]


def test_programme_list_filters_by_partner_country(client):
    swedish = PartnerFactory(organisation__country="SE").programme
    PartnerFactory(organisation__country="PL")
    response = client.get(LIST, {"country": "SE"})
    assert list(response.context["programmes"]) == [swedish]


def test_programme_list_rejects_an_unknown_status_with_a_message(client):
    response = client.get(LIST, {"status": "forever"})
    assert "Select a valid choice. forever is not one of the available choices." in (
        response.content.decode()
    )


@pytest.mark.parametrize("count", [1, 3])
def test_programme_list_queries_do_not_grow_with_items(client, django_assert_num_queries, count):
    for _ in range(count):
        programme = ProgrammeFactory()
        PartnerFactory(programme=programme, role=Partner.Role.LEAD)
        PartnerFactory(programme=programme)
    # count, page, leads, theme choices
    with django_assert_num_queries(4):
        response = client.get(LIST)
    assert len(response.context["programmes"]) == count
    assert response.context["programmes"][0].partner_count == 2


def test_programme_detail_shows_the_translation_and_says_so(client):
    title = MultilingualText("Развитие на капацитета", "bg").translate(
        "en", "Capacity building", by=MACHINE
    )
    programme = ProgrammeFactory(title=title)
    html = client.get(programme.get_absolute_url(), headers={"accept-language": "en"}).content
    html = html.decode()
    assert "Capacity building" in html
    assert "Machine translation into English; original in Bulgarian." in html


def test_programme_detail_has_json_ld_with_partners(client):
    programme = ProgrammeFactory(title=MultilingualText("ECoC-SME", "en"), identifier="PGI06047")
    PartnerFactory(
        programme=programme,
        organisation=OrganisationFactory(name=MultilingualText("Municipiul Timișoara", "ro")),
    )
    html = client.get(programme.get_absolute_url()).content.decode()
    assert '<script type="application/ld+json">' in html
    assert '"@type": "Project"' in html
    assert '"identifier": "PGI06047"' in html
    assert '"name": "Municipiul Timișoara"' in html


def test_funding_warning_is_shown_to_the_programmes_coordinator_only(client, alice, bob):
    programme = ProgrammeFactory(
        total_budget=Decimal("1000"), eu_contribution=Decimal("600"), cofinancing_rate=85
    )
    assign_role(alice, "coordinator", scope=programme)
    warning = "does not match the amounts"
    client.force_login(alice)
    assert warning in client.get(programme.get_absolute_url()).content.decode()
    client.force_login(bob)
    assert warning not in client.get(programme.get_absolute_url()).content.decode()


def test_organisation_page_lists_its_programmes_with_its_role(client):
    partner = PartnerFactory(
        programme__title=MultilingualText("PRO KUS", "sl"), role=Partner.Role.ASSOCIATED
    )
    html = client.get(partner.organisation.get_absolute_url()).content.decode()
    assert "PRO KUS" in html
    assert "Associated partner" in html


def test_organisations_filter_by_programme(client):
    partner = PartnerFactory(programme__slug="pro-kus")
    OrganisationFactory()
    response = client.get(reverse("network:organisation-list"), {"programme": "pro-kus"})
    assert list(response.context["organisations"]) == [partner.organisation]


def test_home_page_lists_programmes(client):
    ProgrammeFactory(acronym="PRO KUS")
    html = client.get("/").content.decode()
    assert "PRO KUS" in html
    assert "No programmes yet" not in html


@pytest.mark.parametrize(
    ("language", "total", "partner_budget"),
    [
        ("en", "1,234,567.00 EUR", "23,700.50 EUR"),
        ("bg", "1\xa0234\xa0567,00 EUR", "23\xa0700,50 EUR"),
        ("pl", "1\xa0234\xa0567,00 EUR", "23\xa0700,50 EUR"),
        ("ro", "1.234.567,00 EUR", "23.700,50 EUR"),
    ],
)
def test_budgets_are_grouped_as_the_readers_language_groups_thousands(
    client, language, total, partner_budget
):
    programme = ProgrammeFactory(
        total_budget=Decimal("1234567"), eu_contribution=Decimal("1049381.95")
    )
    PartnerFactory(programme=programme, budget=Decimal("23700.50"))
    response = client.get(f"/{language}/programmes/{programme.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert total in html
    assert partner_budget in html
