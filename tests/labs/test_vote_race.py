"""Dot votes under concurrent requests: one person clicking many times at once gets N votes.

On PostgreSQL requests run in parallel and the lock on the participant holds; on SQLite (a
file database with the production profile) IMMEDIATE transactions queue the writers.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from atelier.labs import services
from atelier.labs.models import Vote

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 10


def test_concurrent_votes_never_exceed_the_limit(race_database, running, people):
    theme = services.create_theme(running, "Spaces")
    services.open_voting(running, 3)
    voter = people[1]
    barrier = threading.Barrier(THREADS)
    refused = []

    def run():
        try:
            barrier.wait()
            services.vote(voter, theme)
        except ValidationError:
            refused.append(True)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert Vote.objects.filter(participant=voter).count() == 3
    assert len(refused) == THREADS - 3
