"""Dates an expert or a requester types are refused outside the years the platform schedules."""

import pytest

from atelier.experts.models import ExpertProfile

from .test_profile_edit import URL, _form


@pytest.mark.parametrize(
    "changes",
    [
        {"available_from": "0001-01-01"},
        {"available_until": "9999-12-31"},
        {"available_from": "1999-12-31"},
    ],
)
def test_availability_outside_the_years_is_refused_with_a_message(client, ezra, changes):
    client.force_login(ezra)
    response = client.post(URL, _form(**changes))
    assert response.status_code == 200
    assert "Give a date between the years 2000 and 2100." in response.content.decode()
    assert not ExpertProfile.objects.exists()


def test_a_rating_is_between_one_and_five(db):
    from django.core.exceptions import ValidationError

    from atelier.experts.models import Mission

    field = Mission._meta.get_field("rating")
    for value in (0, 6, 99999):
        with pytest.raises(ValidationError):
            field.run_validators(value)
    field.run_validators(5)
