"""Dates and numbers appear as the reader's locale writes them."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

# Numbers meant for people are grouped where they are shown (USE_THOUSAND_SEPARATOR is off).
TEMPLATE = Template(
    "{% load atelier %}{{ number|grouped }}|{{ amount|floatformat:'2g' }}"
    "|{{ day|date:'SHORT_DATE_FORMAT' }}"
)
CONTEXT = {"number": 264145, "amount": 23700.5, "day": datetime.date(2022, 6, 9)}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "264,145|23,700.50|06/09/2022"),
        ("bg", "264\xa0145|23\xa0700,50|09.06.2022"),
        ("pl", "264\xa0145|23\xa0700,50|09-06-2022"),
        ("ro", "264.145|23.700,50|09.06.2022"),
        ("sl", "264.145|23.700,50|9. Jun. 2022"),
    ],
)
def test_numbers_and_dates_follow_the_reader_locale(language, expected):
    with translation.override(language):
        assert TEMPLATE.render(Context(CONTEXT)) == expected
