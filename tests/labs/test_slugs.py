"""A lab's address is made from its title: no one types it, it is unique and readable."""

import pytest
from django.urls import reverse

from atelier.core.multilingual import MultilingualText
from atelier.labs import services
from atelier.labs.models import Lab
from atelier.labs.slugs import transliterate

pytestmark = pytest.mark.django_db


def _create(fay, title, language="en"):
    return services.create_lab(fay, title=MultilingualText(title, language))


def test_a_latin_title_gives_its_address(fay):
    assert (
        _create(fay, "Local Learning Lab: Gabrovo 2026").slug == "local-learning-lab-gabrovo-2026"
    )


def test_a_bulgarian_title_is_transliterated(fay):
    lab = _create(fay, "Лаборатория за щастливи общности", "bg")
    assert lab.slug == "laboratoriya-za-shtastlivi-obshtnosti"


def test_diacritics_and_other_alphabets_become_latin_letters(fay):
    assert _create(fay, "Łódź — współpraca", "pl").slug == "lodz-wspolpraca"
    assert _create(fay, "Ελευσίνα 2023", "el").slug == "elevsina-2023"
    assert transliterate("Щастие") == "Shtastie"


def test_the_same_title_twice_gives_two_addresses(fay):
    first, second, third = (_create(fay, "Harbour lab") for _ in range(3))
    assert [first.slug, second.slug, third.slug] == [
        "harbour-lab",
        "harbour-lab-2",
        "harbour-lab-3",
    ]


def test_a_title_of_no_letters_and_reserved_words_still_give_an_address(fay):
    assert _create(fay, "!!! ???").slug == "lab"
    assert _create(fay, "New").slug == "new-2"  # /labs/new/ is the form
    assert _create(fay, "Programme").slug == "programme-2"  # /labs/programme/<slug>/ the tab


def test_the_form_has_no_address_field_and_makes_one(client, fay):
    client.force_login(fay)
    response = client.get(reverse("labs:create"))
    assert response.status_code == 200 and 'name="slug"' not in response.text
    response = client.post(
        reverse("labs:create"),
        {
            "title_text": "Лаборатория Габрово",
            "content_language": "bg",
            "format": "on_site",
            "votes_per_participant": 3,
            "status": "draft",
        },
    )
    lab = Lab.objects.get()
    assert response.status_code == 302 and response["Location"] == "/labs/laboratoriya-gabrovo/"
    assert lab.slug == "laboratoriya-gabrovo"


def test_editing_the_title_keeps_the_address(client, fay):
    lab = _create(fay, "Harbour lab")
    client.force_login(fay)
    response = client.post(
        reverse("labs:edit", args=[lab.slug]),
        {
            "title_text": "Renamed lab",
            "content_language": "en",
            "format": "on_site",
            "votes_per_participant": 3,
            "status": "draft",
            "slug": "typed-anyway",
        },
    )
    assert response.status_code == 302
    lab.refresh_from_db()
    assert lab.slug == "harbour-lab" and lab.title.text == "Renamed lab"


def _form(**extra):
    return {
        "title_text": "Harbour lab",
        "content_language": "en",
        "format": "on_site",
        "votes_per_participant": 3,
        "status": "draft",
        **extra,
    }


def test_the_form_takes_a_date_and_a_venue(client, fay):
    client.force_login(fay)
    response = client.post(
        reverse("labs:create"), _form(date="2026-05-14", venue="Old Customs House")
    )
    assert response.status_code == 302
    lab = Lab.objects.get()
    assert str(lab.date) == "2026-05-14" and lab.venue == "Old Customs House"


def test_the_form_refuses_a_date_out_of_range_and_saves_nothing(client, fay):
    client.force_login(fay)
    response = client.post(reverse("labs:create"), _form(date="1999-12-31"))
    assert response.status_code == 200
    assert response.context["form"].errors["date"]
    assert not Lab.objects.exists()
