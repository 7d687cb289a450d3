"""The public expert directory and an expert's page show only what each expert chose."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atelier.core.multilingual import MultilingualText
from tests.queries import assert_same_queries

from .factories import ExpertProfileFactory

DIRECTORY = reverse("experts:directory")


def _names(response):
    return [expert.user.display_name for expert in response.context["experts"]]


@pytest.fixture
def hidden_everything(db):
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


def test_the_directory_lists_only_listed_experts_of_active_people(client, db):
    ExpertProfileFactory(user__display_name="Lena Listed")
    ExpertProfileFactory(user__display_name="Uma Unlisted", is_listed=False)
    ExpertProfileFactory(user__display_name="Ivo Inactive", user__is_active=False)
    ExpertProfileFactory(user__display_name="Eli Erased", user__erased_at=timezone.now())
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert _names(response) == ["Lena Listed"]


def test_the_directory_shows_no_hidden_field(client, hidden_everything):
    response = client.get(DIRECTORY)
    page = response.content.decode()
    # The filter form names every area, language and country: look at the list of experts.
    cards = page[page.index('<ul class="card-list">') :]
    assert "Hana Hidden" in cards
    for hidden in ("Legal matters", "copyright", "Slovenian", "Slovenia", "Nova Gorica", "800"):
        assert hidden not in cards
    detail = client.get(hidden_everything.get_absolute_url()).content.decode()
    assert "Hana Hidden" in detail
    for hidden in ("Legal matters", "copyright", "Slovenian", "Slovenia", "Nova Gorica", "800"):
        assert hidden not in detail
    assert "A secret biography." not in detail


def test_an_expert_page_shows_the_chosen_fields(client, db):
    profile = ExpertProfileFactory(
        user__display_name="Sara Shown",
        areas=["cultural-tourism"],
        languages=[{"code": "ro", "level": "native"}],
        countries=["RO"],
        ecoc_cities=[{"city": "Timișoara", "year": 2023}],
        daily_rate=500,
        visible_fields=["areas", "languages", "ecoc", "bio", "daily_rate"],
    )
    page = client.get(profile.get_absolute_url()).content.decode()
    assert "Cultural tourism" in page
    assert "Romanian (mother tongue)" in page
    assert "Timișoara (2023)" in page
    assert "500.00 EUR" in page
    assert "I help museums find audiences." in page
    assert "Romania" not in page.replace("Romanian", "")


def test_the_cv_is_never_linked_for_the_public(client, alice, hidden_everything):
    hidden_everything.cv.name = "experts/cv/aa/x.pdf"
    hidden_everything.cv_name = "Hana CV.pdf"
    hidden_everything.save()
    cv_url = reverse("experts:cv", args=[hidden_everything.pk])
    assert cv_url not in client.get(hidden_everything.get_absolute_url()).content.decode()
    client.force_login(alice)
    assert cv_url not in client.get(hidden_everything.get_absolute_url()).content.decode()


def test_a_coordinator_sees_the_whole_profile_and_the_cv_link(client, cora, hidden_everything):
    hidden_everything.cv.name = "experts/cv/aa/x.pdf"
    hidden_everything.cv_name = "Hana CV.pdf"
    hidden_everything.is_listed = False
    hidden_everything.save()
    client.force_login(cora)
    page = client.get(hidden_everything.get_absolute_url()).content.decode()
    assert "copyright" in page
    assert "Nova Gorica (2025)" in page
    assert "A secret biography." in page
    assert reverse("experts:cv", args=[hidden_everything.pk]) in page


def test_an_unlisted_profile_is_not_found_by_others(client, alice, db):
    profile = ExpertProfileFactory(is_listed=False)
    assert client.get(profile.get_absolute_url()).status_code == 404
    client.force_login(alice)
    assert client.get(profile.get_absolute_url()).status_code == 404


def test_an_expert_sees_their_own_unlisted_profile(client, ezra):
    profile = ExpertProfileFactory(user=ezra, is_listed=False, visible_fields=[])
    client.force_login(ezra)
    page = client.get(profile.get_absolute_url()).content.decode()
    assert "I help museums find audiences." in page


def test_filters_find_experts_by_area_language_country_and_ecoc(client, db):
    ExpertProfileFactory(
        user__display_name="Ana",
        areas=["fundraising-eu-funding"],
        languages=[{"code": "pl", "level": "C2"}],
        countries=["PL"],
        ecoc_experience="Wrocław 2016 programme team.",
    )
    ExpertProfileFactory(
        user__display_name="Ben",
        areas=["audience-development"],
        languages=[{"code": "en", "level": "native"}],
        countries=["BG"],
    )
    assert _names(client.get(DIRECTORY, {"area": "fundraising-eu-funding"})) == ["Ana"]
    assert _names(client.get(DIRECTORY, {"language": "en"})) == ["Ben"]
    assert _names(client.get(DIRECTORY, {"country": "PL"})) == ["Ana"]
    assert _names(client.get(DIRECTORY, {"ecoc": "on"})) == ["Ana"]
    assert _names(client.get(DIRECTORY, {"area": "audience-development", "country": "PL"})) == []


def test_a_filter_does_not_find_an_expert_through_a_hidden_field(client, hidden_everything):
    assert _names(client.get(DIRECTORY, {"area": "legal-contracts"})) == []
    assert _names(client.get(DIRECTORY, {"language": "sl"})) == []
    assert _names(client.get(DIRECTORY, {"country": "SI"})) == []
    assert _names(client.get(DIRECTORY, {"ecoc": "on"})) == []
    assert _names(client.get(DIRECTORY, {"availability": "available"})) == []


def test_the_availability_filter_leaves_out_availability_that_has_ended(client, db):
    today = timezone.localdate()
    ExpertProfileFactory(user__display_name="Now", availability="available")
    ExpertProfileFactory(
        user__display_name="Past",
        availability="available",
        available_until=today - datetime.timedelta(days=1),
    )
    ExpertProfileFactory(user__display_name="Busy", availability="unavailable")
    assert _names(client.get(DIRECTORY, {"availability": "available"})) == ["Now"]
    assert _names(client.get(DIRECTORY, {"availability": "unavailable"})) == ["Busy"]


def test_an_unknown_filter_value_lists_everyone_and_says_so(client, db):
    ExpertProfileFactory(user__display_name="Ana")
    response = client.get(DIRECTORY, {"area": "astrology"})
    assert _names(response) == ["Ana"]
    assert "Select a valid choice." in response.content.decode()


def test_the_directory_paginates(client, db):
    for number in range(26):
        ExpertProfileFactory(user__display_name=f"Expert {number:02}")
    first = client.get(DIRECTORY)
    assert len(first.context["experts"]) == 24
    second = client.get(DIRECTORY, {"page": 2})
    assert _names(second) == ["Expert 24", "Expert 25"]


def test_the_directory_queries_do_not_grow_with_experts(client, db):
    ExpertProfileFactory()
    one, several = assert_same_queries(
        lambda: client.get(DIRECTORY, {"area": "audience-development"}),
        lambda: ExpertProfileFactory.create_batch(3),
    )
    assert len(several.context["experts"]) == 4


def test_the_directory_queries_for_a_signed_in_expert(client, ezra):
    ExpertProfileFactory()
    client.force_login(ezra)
    one, several = assert_same_queries(
        lambda: client.get(DIRECTORY), lambda: ExpertProfileFactory.create_batch(3)
    )
    assert len(several.context["experts"]) == 4
