from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from atelier.programmes.money import parse_money


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("264.145.00 EUR", Decimal("264145.00")),
        ("23.700,00 EUR", Decimal("23700.00")),
        ("€ 1,163,171", Decimal("1163171")),
        ("EUR 217 833,25", Decimal("217833.25")),
    ],
)
def test_money_is_read_as_people_write_it(text, amount):
    assert parse_money(text) == amount


def test_money_from_the_commission_export_has_one_decimal():
    assert parse_money("1657050.0 EUR") == Decimal("1657050.0")


def test_money_empty_is_none():
    assert parse_money("  ") is None


def test_money_rejects_words():
    with pytest.raises(ValidationError) as error:
        parse_money("about a million")
    assert error.value.messages == ["“about a million” is not an amount of money."]
