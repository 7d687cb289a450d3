"""Designing a lab through its services: editing it and adding questions."""

import pytest
from django.core.exceptions import ValidationError

from atelier.core.audit import AuditLogEntry
from atelier.core.multilingual import MultilingualText
from atelier.labs import services

pytestmark = pytest.mark.django_db


def test_update_lab_changes_it_and_leaves_an_audit_entry(lab, fay):
    services.update_lab(lab, fay, title=MultilingualText("Harbour Lab", "en"), allow_guests=False)
    lab.refresh_from_db()
    assert lab.title == MultilingualText("Harbour Lab", "en")
    assert lab.allow_guests is False
    assert AuditLogEntry.objects.filter(action="labs.update", actor=fay).count() == 1


def test_update_lab_refuses_an_invalid_value_and_writes_nothing(lab, fay):
    with pytest.raises(ValidationError):
        services.update_lab(
            lab, fay, title=MultilingualText("Renamed", "en"), votes_per_participant=99
        )
    lab.refresh_from_db()
    assert lab.title == MultilingualText("Local Learning Lab", "en")
    assert lab.votes_per_participant == 3
    assert not AuditLogEntry.objects.filter(action="labs.update").exists()


def test_update_lab_keeps_the_labs_address(lab, fay):
    services.update_lab(lab, fay, title=MultilingualText("Harbour Lab", "en"), slug="other")
    lab.refresh_from_db()
    assert lab.slug == "local-lab"


def test_add_question_puts_it_after_the_others(lab):
    question = services.add_question(lab, "Who else should be here?", "en")
    assert question.position == 3
    assert question.text == MultilingualText("Who else should be here?", "en")
    assert list(lab.questions.order_by("position").values_list("position", flat=True)) == [1, 2, 3]
