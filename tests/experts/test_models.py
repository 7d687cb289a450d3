"""The expert pool's invariants, held by the database."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from atelier.experts.models import ExpertProfile, Mission

from .factories import ExpertProfileFactory, SupportRequestFactory


def test_a_person_has_one_expert_profile(ezra):
    ExpertProfileFactory(user=ezra)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertProfile.objects.create(user=ezra)


def test_an_expert_has_one_mission_per_request(ezra, alice):
    profile = ExpertProfileFactory(user=ezra)
    request = SupportRequestFactory(requester=alice)
    Mission.objects.create(support_request=request, expert=profile)
    with pytest.raises(IntegrityError), transaction.atomic():
        Mission.objects.create(support_request=request, expert=profile)
    assert Mission.objects.filter(support_request=request).count() == 1


def test_a_mission_rating_is_from_1_to_5(ezra, alice):
    mission = Mission.objects.create(
        support_request=SupportRequestFactory(requester=alice),
        expert=ExpertProfileFactory(user=ezra),
    )
    mission.rating = 6
    with pytest.raises(IntegrityError), transaction.atomic():
        mission.save()


def test_availability_cannot_end_before_it_starts(ezra):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertProfileFactory(
            user=ezra,
            available_from=datetime.date(2027, 5, 1),
            available_until=datetime.date(2027, 4, 1),
        )


def test_a_support_request_cannot_end_before_it_starts(alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportRequestFactory(
            requester=alice, starts_on=datetime.date(2027, 5, 1), ends_on=datetime.date(2027, 4, 1)
        )


def test_saving_a_profile_keeps_its_filter_keys_and_ecoc_flag(ezra):
    profile = ExpertProfileFactory(
        user=ezra,
        areas=["heritage-management"],
        languages=[{"code": "sl", "level": "native"}],
        countries=["SI"],
        ecoc_cities=[{"city": "Maribor", "year": 2012}],
        visible_fields=["areas"],
    )
    assert profile.has_ecoc_experience is True
    assert profile.filter_keys == (
        " area:heritage-management lang:sl level:sl:native country:SI ecoc show:areas kw:museum "
    )
    profile.ecoc_cities = []
    profile.save(update_fields=["ecoc_cities"])
    profile.refresh_from_db()
    assert profile.has_ecoc_experience is False
    assert "ecoc" not in profile.filter_keys.split()
