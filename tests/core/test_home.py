import pytest
from django.urls import reverse

from atelier.core.home import _SECTIONS
from tests.queries import assert_same_queries


@pytest.mark.parametrize(
    ("accept_language", "lang"),
    [("en-GB,en;q=0.9", "en"), ("bg", "bg"), ("pl-PL", "pl"), ("ro", "ro"), ("sl", "sl")],
)
def test_home_follows_the_browser_language(client, db, accept_language, lang):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in response.content.decode()


def test_home_with_a_language_prefix_overrides_the_browser(client, db):
    response = client.get("/sl/", headers={"accept-language": "bg"})
    assert '<html lang="sl"' in response.content.decode()


def test_home_sections_say_they_are_empty(client, db):
    response = client.get(reverse("core:home"))
    html = response.content.decode()
    for section in _SECTIONS.values():
        assert str(section.title) in html
        assert str(section.empty_text) in html


def test_home_queries_do_not_grow_with_what_it_lists(client, db, alice):
    from tests.events.factories import EventFactory
    from tests.library.factories import PublishedResourceFactory
    from tests.programmes.factories import ProgrammeFactory

    def add_each(n):
        for _ in range(n):
            programme = ProgrammeFactory()
            EventFactory(programme=programme)
            PublishedResourceFactory(programme=programme)

    add_each(1)
    client.force_login(alice)
    one, several = assert_same_queries(
        lambda: client.get(reverse("core:home")), lambda: add_each(3)
    )
    html = several.content.decode()
    assert not any(str(section.empty_text) in html for section in _SECTIONS.values())


def test_home_has_no_inline_script_or_style(client, db):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert " style=" not in html
    assert "<style" not in html


@pytest.mark.parametrize("lang", ["bg", "pl", "ro", "sl"])
def test_home_is_translated_into_every_seed_language(client, db, lang):
    english = client.get("/", headers={"accept-language": "en"}).content.decode()
    html = client.get(f"/{lang}/").content.decode()
    heading = "Where Europe's cultural and creative sectors learn from each other"
    assert heading in english
    assert heading not in html
    assert "Skip to content" not in html
    assert "No upcoming events yet." not in html
