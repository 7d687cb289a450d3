"""Amounts of money as people write them: "264.145.00 EUR", "23.700,00 EUR", "€ 1,163,171"."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CURRENCY = re.compile(r"(?i)eur(o|os)?|€|\$|£|usd|gbp|pln|zł|lei|ron|bgn|лв\.?")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")


def parse_money(text):
    """The amount in ``text`` as a Decimal, or None for an empty value.

    The last separator is the decimal one when one or two digits follow it; every other
    dot, comma, space or apostrophe groups thousands. Raises ValidationError otherwise.
    """
    if text is None:
        return None
    if isinstance(text, (int, float, Decimal)):
        return Decimal(str(text))
    raw = str(text)
    value = _SPACES.sub("", _CURRENCY.sub("", raw))
    if not value:
        return None
    negative = value.startswith("-")
    value = value.lstrip("+-")
    if not re.fullmatch(r"\d[\d.,]*", value) or value.endswith((".", ",")):
        raise ValidationError(
            _("“%(value)s” is not an amount of money."), code="money", params={"value": raw}
        )
    last = max(value.rfind("."), value.rfind(","))
    if last != -1 and len(value) - last - 1 in (1, 2):
        whole, fraction = value[:last], value[last + 1 :]
    else:
        whole, fraction = value, ""
    whole = whole.replace(".", "").replace(",", "")
    try:
        amount = Decimal(f"{whole}.{fraction}" if fraction else whole)
    except InvalidOperation as exc:
        raise ValidationError(
            _("“%(value)s” is not an amount of money."), code="money", params={"value": raw}
        ) from exc
    return -amount if negative else amount
