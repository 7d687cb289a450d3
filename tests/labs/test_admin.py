"""Platform admins see labs in Django's admin; others do not."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("model", ["lab", "participant", "note", "theme"])
def test_admin_pages_load_for_admins_only(client, ada, alice, running, people, model):
    from atelier.labs import services

    services.post_note(running.tables.first(), people[0], "A note")
    url = reverse(f"admin:labs_{model}_changelist")
    client.force_login(alice)
    assert client.get(url).status_code == 302
    client.force_login(ada)
    assert client.get(url).status_code == 200
    assert client.get(reverse(f"admin:labs_{model}_add")).status_code == 200
    if model == "lab":
        assert client.get(reverse("admin:labs_lab_change", args=[running.pk])).status_code == 200
