import pytest
from django.urls import reverse

from atelier.core.multilingual import MultilingualText
from atelier.network.models import Organisation, Sector
from atelier.network.services import get_or_create_organisation
from tests.network.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("network:organisation-list")


def names(response):
    return [str(o.name) for o in response.context["organisations"]]


def test_organisation_list_is_public(client):
    OrganisationFactory(name=MultilingualText("Motovila", "sl"))
    response = client.get(LIST)
    assert response.status_code == 200
    assert names(response) == ["Motovila"]


def test_organisation_list_filters_by_country_type_and_sector(client):
    music = Sector.objects.get(slug="music")
    OrganisationFactory(name=MultilingualText("Alpha", "en"), country="SI", sectors=[music])
    OrganisationFactory(name=MultilingualText("Beta", "en"), country="PL", sectors=[music])
    OrganisationFactory(
        name=MultilingualText("Gamma", "en"), country="SI", kind=Organisation.Kind.UNIVERSITY
    )
    assert names(client.get(LIST, {"country": "SI"})) == ["Alpha", "Gamma"]
    assert names(client.get(LIST, {"kind": "university"})) == ["Gamma"]
    assert names(client.get(LIST, {"sector": "music"})) == ["Alpha", "Beta"]
    assert names(client.get(LIST, {"sector": "music", "country": "PL"})) == ["Beta"]


def test_organisation_list_searches_names_without_accents_and_acronyms(client):
    OrganisationFactory(name=MultilingualText("Muzej za arhitekturo in oblikovanje", "sl"))
    OrganisationFactory(name=MultilingualText("Kreativum Science Center", "en"), acronym="KSC")
    assert names(client.get(LIST, {"q": "ARHITEKTURO"})) == ["Muzej za arhitekturo in oblikovanje"]
    assert names(client.get(LIST, {"q": "ksc"})) == ["Kreativum Science Center"]


def test_organisation_list_paginates_25_a_page(client):
    OrganisationFactory.create_batch(30)
    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})
    assert len(first.context["organisations"]) == 25
    assert len(second.context["organisations"]) == 5
    assert 'href="?page=2"' in first.content.decode()


def test_organisation_list_keeps_filters_in_page_links(client):
    OrganisationFactory.create_batch(26, country="SI")
    html = client.get(LIST, {"country": "SI"}).content.decode()
    assert 'href="?country=SI&amp;page=2"' in html


def test_organisation_list_rejects_an_unknown_country_with_a_message(client):
    OrganisationFactory()
    response = client.get(LIST, {"country": "XX"})
    assert response.status_code == 200
    assert "Select a valid choice. XX is not one of the available choices." in (
        response.content.decode()
    )


@pytest.mark.parametrize("count", [1, 3])
def test_organisation_list_queries_do_not_grow_with_items(client, django_assert_num_queries, count):
    music = Sector.objects.get(slug="music")
    for _ in range(count):
        OrganisationFactory(sectors=[music])
    # session-less request: count, page, sectors, sector choices, programme choices
    with django_assert_num_queries(5):
        response = client.get(LIST)
    assert len(response.context["organisations"]) == count


def test_organisation_list_works_as_a_list_without_script(client):
    OrganisationFactory(name=MultilingualText("Zavod Otok", "sl"))
    html = client.get(LIST).content.decode()
    assert '<a href="/organisations/' in html
    # The map is hidden until its script finds organisations to show.
    assert "hidden data-map-section" in html


def test_organisation_detail_shows_json_ld(client):
    organisation = OrganisationFactory(
        name=MultilingualText("Motovila", "sl"), city="Ljubljana", website="https://motovila.si"
    )
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert '<script type="application/ld+json">' in html
    assert '"@type": "Organization"' in html
    assert '"addressCountry": "SI"' in html
    assert '"sameAs": "https://motovila.si"' in html


def test_organisation_detail_escapes_script_in_json_ld(client):
    organisation = OrganisationFactory(name=MultilingualText("</script><b>x", "en"))
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "</script><b>" not in html
    assert "\\u003C/script\\u003E\\u003Cb\\u003Ex" in html


def test_organisation_detail_of_unknown_organisation_is_404(client):
    assert client.get(reverse("network:organisation-detail", args=[999])).status_code == 404


def test_map_data_lists_organisations_with_coordinates_only(client):
    OrganisationFactory(
        name=MultilingualText("Motovila", "sl"), latitude="46.056900", longitude="14.505800"
    )
    OrganisationFactory(name=MultilingualText("Nowhere", "en"))
    data = client.get(reverse("network:organisation-map-data")).json()
    assert [(p["name"], p["lat"], p["lng"], p["country"]) for p in data["points"]] == [
        ("Motovila", 46.0569, 14.5058, "SI")
    ]


def test_get_or_create_organisation_recognises_the_same_name_written_differently():
    first, created = get_or_create_organisation("Zavod Kinoatelje", "SI")
    same, created_again = get_or_create_organisation("ZAVOD  KINOATELJE", "SI")
    other, created_other = get_or_create_organisation("Zavod Kinoatelje", "IT")
    assert (created, created_again, created_other) == (True, False, True)
    assert same.pk == first.pk
    assert other.pk != first.pk
    assert Organisation.objects.count() == 2
