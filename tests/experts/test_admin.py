"""Platform admins reach the expert pool in Django's admin; others do not."""

import pytest
from django.urls import reverse

from .factories import ExpertProfileFactory, SupportRequestFactory

MODELS = ["expertprofile", "supportrequest", "mission", "consultationoffer", "consultationrequest"]


@pytest.mark.parametrize("name", MODELS)
def test_an_admin_lists_each_model(client, ada, name):
    ExpertProfileFactory()
    SupportRequestFactory()
    client.force_login(ada)
    assert client.get(reverse(f"admin:experts_{name}_changelist")).status_code == 200


def test_an_admin_opens_a_profile(client, ada):
    profile = ExpertProfileFactory()
    client.force_login(ada)
    response = client.get(reverse("admin:experts_expertprofile_change", args=[profile.pk]))
    assert response.status_code == 200


def test_a_coordinator_does_not_reach_the_admin(client, cora):
    client.force_login(cora)
    response = client.get(reverse("admin:experts_expertprofile_changelist"))
    assert response.status_code == 302
