"""Platform admins see events, registrations and invitations in Django's admin; others do not."""

import pytest
from django.urls import reverse

from tests.events.factories import EventFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["event", "registration", "invitation"])
def test_admin_lists_and_forms_load_for_admins_only(client, ada, alice, model):
    event = EventFactory()
    SessionFactory(event=event)
    RegistrationFactory(event=event, user=alice)
    url = reverse(f"admin:events_{model}_changelist")
    client.force_login(alice)
    assert client.get(url).status_code == 302
    client.force_login(ada)
    assert client.get(url).status_code == 200
    assert client.get(reverse(f"admin:events_{model}_add")).status_code == 200
    if model == "event":
        assert client.get(reverse("admin:events_event_change", args=[event.pk])).status_code == 200


def test_admin_saves_an_event_with_its_multilingual_title(client, ada):
    event = EventFactory()
    client.force_login(ada)
    url = reverse("admin:events_event_change", args=[event.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or name in ("themes", "organisers"):
            continue
        data[name] = field.prepare_value(value) if hasattr(field, "prepare_value") else value
    for name in ("starts_at", "ends_at"):
        value = getattr(event, name)
        data.pop(name, None)
        data[f"{name}_0"], data[f"{name}_1"] = f"{value:%Y-%m-%d}", f"{value:%H:%M:%S}"
    data["title"] = (
        '{"lang": "en", "text": "Renamed", "tr": {"pl": {"text": "Nowa", "by": "human"}}}'
    )
    for prefix in ("sessions", "questions"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.title.text, event.title.get("pl")) == ("Renamed", "Nowa")
