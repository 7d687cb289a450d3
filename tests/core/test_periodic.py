"""One command a timer calls runs every app's periodic jobs."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from atelier.core import periodic

pytestmark = pytest.mark.django_db


def test_apps_register_their_periodic_jobs():
    assert {"event_reminders", "event_offers"} <= set(periodic.jobs())


def test_run_periodic_runs_every_job_once():
    out = io.StringIO()
    call_command("run_periodic", stdout=out)
    lines = sorted(out.getvalue().splitlines())
    assert "event_offers: 0" in lines
    assert "event_reminders: 0" in lines


def test_run_periodic_can_hand_the_jobs_to_the_worker():
    out = io.StringIO()
    call_command("run_periodic", "--enqueue", "--only", "event_reminders", stdout=out)
    assert out.getvalue().splitlines() == ["event_reminders: queued"]


def test_run_periodic_refuses_an_unknown_job():
    with pytest.raises(CommandError, match="Unknown job"):
        call_command("run_periodic", "--only", "weather")
