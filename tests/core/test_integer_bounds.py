"""Every integer field is validated against its PostgreSQL column's range on either database,
so a number PostgreSQL would refuse is refused with a message on SQLite too."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations

from atelier.labs.models import Lab
from tests.events.factories import EventFactory

COLUMNS = BaseDatabaseOperations.integer_field_ranges


def _integer_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.IntegerField):
                yield model, field


def test_every_integer_field_is_bounded_within_its_column():
    for model, field in _integer_fields():
        low, high = COLUMNS[field.get_internal_type()]
        highs = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
        lows = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
        label = f"{model._meta.label}.{field.name}"
        assert highs and min(highs) <= high, f"{label} accepts numbers above {high}"
        assert lows and max(lows) >= low, f"{label} accepts numbers below {low}"


def test_the_database_bounds_integers_as_postgresql_does():
    assert connection.ops.integer_field_range("IntegerField") == (-2147483648, 2147483647)
    assert connection.ops.integer_field_range("PositiveSmallIntegerField") == (0, 32767)


@pytest.mark.django_db
def test_a_number_beyond_the_column_is_refused_with_a_message():
    lab = Lab(title={"lang": "en", "text": "Lab"}, slug="lab", extra_seconds=2**40)
    with pytest.raises(ValidationError) as caught:
        lab.full_clean()
    assert caught.value.message_dict["extra_seconds"] == [
        "Ensure this value is less than or equal to 2147483647."
    ]


@pytest.mark.django_db
def test_looking_up_a_number_beyond_the_column_finds_nothing():
    EventFactory(room_capacity=10)
    assert list(EventFactory._meta.model.objects.filter(room_capacity=2**40)) == []
    assert list(
        EventFactory._meta.model.objects.filter(room_capacity__lt=2**70).values_list(
            "room_capacity", flat=True
        )
    ) == [10]
