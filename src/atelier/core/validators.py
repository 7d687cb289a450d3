"""Validators shared by the apps' models: sane ranges for what people type.

A number or a date far outside what the domain knows is not only wrong, it breaks what is
computed from it: hours become a ``timedelta`` past its limit, a date in year 1 cannot be moved
to UTC. Model fields declare these bounds, so forms built from them (and the admin) refuse
such values with a message instead of failing later.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class YearRange:
    """A date or date-time whose year lies between ``first`` and ``last``, both included."""

    message = _("Give a date between the years %(first)s and %(last)s.")
    code = "year_range"

    def __init__(self, first, last):
        self.first = first
        self.last = last

    def __call__(self, value):
        if isinstance(value, datetime.date) and not self.first <= value.year <= self.last:
            raise ValidationError(
                self.message, code=self.code, params={"first": self.first, "last": self.last}
            )

    def __eq__(self, other):
        return isinstance(other, YearRange) and (self.first, self.last) == (other.first, other.last)

    def __hash__(self):
        return hash((self.first, self.last))


# What people schedule on the platform: events, sessions, calls, availability, support.
SCHEDULE_YEARS = YearRange(2000, 2100)
