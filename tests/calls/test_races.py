"""Under concurrent requests: the last place is given once; a double submission saves once.

On PostgreSQL requests really run in parallel and ``select_for_update`` locks the call row; on
SQLite (a file database with the production profile) IMMEDIATE transactions queue the writers,
which must wait for each other rather than fail.
"""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from atelier.calls import services
from atelier.calls.models import Application, Call
from atelier.core.multilingual import MultilingualText
from tests.factories import UserFactory

from .factories import ApplicationFactory, QuestionFactory

THREADS = 8


def _race(worker, arguments):
    barrier = threading.Barrier(len(arguments))
    outcomes, errors = [], []

    def run(argument):
        try:
            barrier.wait()
            outcomes.append(worker(argument))
        except ValidationError as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes, errors


def _call(**fields):
    return Call.objects.create(
        type=Call.Type.CONSULTANTS,
        slug="race",
        title=MultilingualText("Race", "en"),
        opens_at=timezone.now() - timedelta(days=5),
        closes_at=timezone.now() + timedelta(days=5),
        status="published",
        **fields,
    )


@pytest.mark.django_db(transaction=True)
def test_the_last_place_is_given_once(race_database):
    call = _call(places=2)
    applications = [
        ApplicationFactory(call=call, applicant=UserFactory(email=f"racer{n}@example.org"))
        for n in range(THREADS)
    ]
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.save()
    coordinator = UserFactory(email="coordinator@example.org")

    outcomes, errors = _race(
        lambda a: services.decide(a, "accept", actor=coordinator).status, applications
    )

    assert outcomes == ["accepted", "accepted"]
    assert {e.code for e in errors} == {"no-place"}
    assert Application.objects.filter(call=call, status="accepted").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_double_submission_saves_one_application(race_database):
    call = _call()
    question = QuestionFactory(call=call)
    person = UserFactory(email="clicker@example.org")

    outcomes, errors = _race(
        lambda _n: (
            services.save_application(
                call, person, answers={question.key: "Hello"}, submit=True
            ).status
        ),
        range(4),
    )

    assert errors == []
    assert outcomes == ["submitted"] * 4
    assert Application.objects.filter(call=call).count() == 1
