import pytest

from atelier.programmes import demo
from atelier.programmes.models import Programme

pytestmark = pytest.mark.django_db


def test_seed_programmes_load_in_their_language_with_english_and_twice_is_once():
    demo.load_seed_programmes()
    demo.load_seed_programmes()
    programmes = {p.slug: p for p in Programme.objects.all()}
    assert sorted(programmes) == [
        "ce-plus",
        "ecoc-capacity-building",
        "ecoc-sme",
        "pro-kus",
        "south-baltic-creative-clusters",
    ]
    languages = {slug: p.title.language for slug, p in programmes.items()}
    assert languages == {
        "ce-plus": "bg",
        "ecoc-capacity-building": "en",
        "ecoc-sme": "ro",
        "pro-kus": "sl",
        "south-baltic-creative-clusters": "pl",
    }
    assert programmes["pro-kus"].title.translations["en"]["by"] == "machine"
    assert programmes["pro-kus"].partners.count() == 16
    baltic = programmes["south-baltic-creative-clusters"]
    assert (baltic.total_budget, baltic.cofinancing_rate, baltic.months) == (264145, 85, 30)
    assert baltic.partners.get(organisation__acronym="STG ERB").budget == 23700
