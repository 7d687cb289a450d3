"""A person's export holds the plans they manage, the actions they own and their updates."""

import json
from datetime import date

import pytest

from atelier.accounts.services import export_json
from atelier.plans import services
from tests.plans.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_export_holds_owned_actions_and_written_updates(alice, bob):
    action = ActionFactory()
    action.owners.add(alice)
    services.post_progress_update(
        alice, action, progress=40, status="in-progress", comment="Halfway.", on=date(2026, 1, 15)
    )
    exported = json.loads(export_json(alice))["action_plans"]
    assert [entry["action"]["text"] for entry in exported["owns_actions"]] == [action.title.text]
    assert [(u["progress"], u["comment"]) for u in exported["progress_updates"]] == [
        (40, "Halfway.")
    ]
    assert json.loads(export_json(bob))["action_plans"] == {
        "manages": [],
        "owns_actions": [],
        "progress_updates": [],
    }
