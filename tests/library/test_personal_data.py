"""A member's export holds their contributions with their history, and their notifications."""

import json

import pytest

from atelier.accounts.services import export_json
from atelier.core.multilingual import MultilingualText
from atelier.library import services

pytestmark = pytest.mark.django_db


def test_export_holds_contributions_history_and_notifications(alice, mona):
    resource = services.submit_resource(
        alice,
        fields={
            "kind": "guide",
            "title": MultilingualText("Наръчник", "bg"),
            "licence": "cc-by",
            "external_url": "https://example.org/guide",
        },
    )
    services.request_changes(mona, resource, "Add an abstract, please.")
    data = json.loads(export_json(alice))
    [contribution] = data["library_contributions"]
    assert contribution["title"] == {"lang": "bg", "text": "Наръчник"}
    assert contribution["status"] == "changes-requested"
    assert [step["action"] for step in contribution["history"]] == [
        "submitted",
        "changes-requested",
    ]
    assert contribution["history"][1]["message"] == "Add an abstract, please."
    assert len(data["notifications"]) == 1
    assert json.loads(export_json(mona))["library_contributions"] == []
