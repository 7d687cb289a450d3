"""The Python-drawn Select writes what Django's template-drawn one writes."""

import re

import pytest
from django import forms
from django_countries import countries

from atelier.core.widgets import Select


def _tags(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


CHOICES = [
    ("", "All countries"),
    *list(countries)[:40],
    ("x&y", 'A "quoted" <name>'),
    ("Group", [("a", "Alpha"), ("b", "Beta & co")]),
    (3, "Three"),
]


@pytest.mark.parametrize("value", ["", "SI", "x&y", "b", "3", None])
def test_select_matches_djangos(value):
    attrs = {"id": "id_country", "required": True, "disabled": False, "data-x": 'a"b'}
    mine = Select(choices=CHOICES).render("country", value, attrs)
    django = forms.Select(choices=CHOICES).render("country", value, attrs)
    assert _tags(mine) == _tags(django)


def test_a_form_field_uses_it_like_any_widget():
    class Form(forms.Form):
        country = forms.ChoiceField(choices=CHOICES, required=False, widget=Select)

    code = CHOICES[5][0]
    html = str(Form({"country": code})["country"])
    assert f'<option value="{code}" selected>' in html
    assert 'id="id_country"' in html
