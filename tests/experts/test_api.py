"""The experts' API: the public directory, with only what each expert chose to show."""

import pytest

from atelier.core.multilingual import MultilingualText
from tests.queries import assert_same_queries

from .factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db

API = "/api/experts/"


def _hidden_everything():
    return ExpertProfileFactory(
        user__display_name="Hana Hidden",
        areas=["legal-contracts"],
        keywords=["copyright"],
        languages=[{"code": "sl", "level": "native"}],
        countries=["SI"],
        ecoc_cities=[{"city": "Nova Gorica", "year": 2025}],
        daily_rate=800,
        bio=MultilingualText("A secret biography.", "en"),
        visible_fields=[],
    )


def test_the_list_is_public_and_shows_only_listed_experts(client):
    ExpertProfileFactory(user__display_name="Lena Listed")
    ExpertProfileFactory(user__display_name="Uma Unlisted", is_listed=False)
    data = client.get(API).json()
    assert data["count"] == 1
    [item] = data["items"]
    assert item["name"] == "Lena Listed"
    assert item["areas"] == ["audience-development"]
    assert item["languages"] == [{"code": "en", "level": "C1"}]
    assert "cv" not in item


def test_hidden_fields_are_null_in_the_list_and_the_detail(client):
    profile = _hidden_everything()
    [item] = client.get(API).json()["items"]
    detail = client.get(f"{API}{profile.pk}").json()
    for data in (item, detail):
        assert data["name"] == "Hana Hidden"
        for field in ("areas", "keywords", "languages", "countries", "ecoc_experience"):
            assert data[field] is None
    for field in ("ecoc_cities", "ecoc_text", "daily_rate", "currency", "bio", "bio_language"):
        assert detail[field] is None
    assert "copyright" not in client.get(f"{API}{profile.pk}").content.decode()
    assert "cv" not in detail


def test_the_detail_shows_the_chosen_fields(client):
    profile = ExpertProfileFactory(
        ecoc_cities=[{"city": "Plovdiv", "year": 2019}], daily_rate=450, currency="BGN"
    )
    data = client.get(f"{API}{profile.pk}").json()
    assert data["ecoc_experience"] is True
    assert data["ecoc_cities"] == [{"city": "Plovdiv", "year": 2019}]
    assert data["daily_rate"] == "450.00"
    assert data["currency"] == "BGN"
    assert data["bio"] == "I help museums find audiences."
    assert data["url"] == profile.get_absolute_url()


def test_an_unlisted_expert_is_not_found(client, cora):
    profile = ExpertProfileFactory(is_listed=False)
    assert client.get(f"{API}{profile.pk}").status_code == 404
    client.force_login(cora)
    assert client.get(f"{API}{profile.pk}").status_code == 404


def test_filters_look_only_at_shown_fields(client):
    ExpertProfileFactory(user__display_name="Ana", areas=["volunteering"], countries=["PL"])
    _hidden_everything()
    names = lambda params: [item["name"] for item in client.get(API, params).json()["items"]]  # noqa: E731
    assert names({"area": "volunteering"}) == ["Ana"]
    assert names({"area": "legal-contracts"}) == []
    assert names({"country": "pl"}) == ["Ana"]
    assert names({"country": "SI"}) == []
    assert names({"language": "EN"}) == ["Ana"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"area": "astrology"}, "“astrology” is not an area of expertise."),
        ({"language": "xx"}, "“xx” is not a language we know."),
        ({"country": "ZZ"}, "“ZZ” is not a country code we know."),
        ({"availability": "soon"}, "Availability is one of: available, limited, unavailable."),
    ],
)
def test_bad_filters_are_refused_with_a_clear_error(client, params, message):
    response = client.get(API, params)
    assert response.status_code == 400
    assert response.json() == {"detail": message}


def test_the_list_queries_do_not_grow(client):
    ExpertProfileFactory()
    one, several = assert_same_queries(
        lambda: client.get(API), lambda: ExpertProfileFactory.create_batch(3)
    )
    assert several.json()["count"] == 4
