import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from atelier.core.multilingual import (
    HUMAN,
    MACHINE,
    MultilingualText,
    MultilingualTextField,
)


@pytest.fixture
def title():
    text = MultilingualText("Развитие на капацитета на обучители", "bg")
    text.translate("en", "Capacity building of trainers", by=HUMAN)
    text.translate("pl", "Budowanie potencjału trenerów", by=MACHINE)
    return text


def test_reader_sees_the_original_in_its_own_language(title):
    rendition = title.for_reader("bg")
    assert rendition.text == "Развитие на капацитета на обучители"
    assert rendition.is_original is True
    assert rendition.translated_by is None


def test_reader_sees_a_human_translation_and_is_told(title):
    rendition = title.for_reader("en")
    assert rendition.text == "Capacity building of trainers"
    assert rendition.is_original is False
    assert rendition.translated_by == HUMAN
    assert rendition.original_language == "bg"


def test_reader_sees_a_machine_translation_marked_as_such(title):
    rendition = title.for_reader("pl")
    assert rendition.is_machine_translation is True


def test_reader_without_a_translation_falls_back_to_the_original(title):
    rendition = title.for_reader("sl")
    assert rendition.text == "Развитие на капацитета на обучители"
    assert rendition.language == "bg"
    assert rendition.is_original is True


def test_reader_language_defaults_to_the_active_language(title):
    with translation.override("en"):
        assert str(title) == "Capacity building of trainers"


def test_text_survives_a_json_round_trip(title):
    field = MultilingualTextField()
    assert field.to_python(title.to_json()) == title
    assert MultilingualText.from_json(title.to_json()).translations == {
        "en": {"text": "Capacity building of trainers", "by": "human"},
        "pl": {"text": "Budowanie potencjału trenerów", "by": "machine"},
    }


def test_translation_into_the_original_language_is_refused(title):
    with pytest.raises(ValueError):
        title.translate("bg", "Друго")


def test_translation_source_must_be_human_or_machine(title):
    with pytest.raises(ValueError):
        title.translate("ro", "Dezvoltarea capacității", by="guess")


def test_field_requires_the_language_of_a_text():
    field = MultilingualTextField()
    with pytest.raises(ValidationError):
        field.validate(MultilingualText("Some text", ""), None)


def test_field_refuses_a_translation_without_a_source():
    field = MultilingualTextField()
    value = MultilingualText.from_json({"lang": "en", "text": "A", "tr": {"bg": {"text": "Б"}}})
    with pytest.raises(ValidationError):
        field.validate(value, None)


def test_template_shows_the_reader_version_and_says_which_it_is(title):
    request = RequestFactory().get("/")
    request.LANGUAGE_CODE = "en"
    template = Template(
        "{% load atelier %}{% rendition title as t %}<h1>{{ t }}</h1>{% rendition_note t %}"
    )
    with translation.override("en"):
        html = template.render(Context({"title": title, "request": request}))
    assert "<h1>Capacity building of trainers</h1>" in html
    assert "Translated into English; original in Bulgarian." in html


def test_template_says_when_it_shows_a_machine_translation(title):
    request = RequestFactory().get("/")
    request.LANGUAGE_CODE = "pl"
    template = Template("{% load atelier %}{% rendition title as t %}{% rendition_note t %}")
    with translation.override("en"):
        html = template.render(Context({"title": title, "request": request}))
    assert "Machine translation into Polish; original in Bulgarian." in html


def test_template_says_when_only_the_original_exists(title):
    request = RequestFactory().get("/")
    request.LANGUAGE_CODE = "sl"
    template = Template("{% load atelier %}{% rendition title as t %}{% rendition_note t %}")
    with translation.override("en"):
        html = template.render(Context({"title": title, "request": request}))
    assert "In Bulgarian." in html
