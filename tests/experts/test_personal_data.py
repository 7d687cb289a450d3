"""An expert profile in the person's data export, and what erasure leaves of it."""

import json
import pathlib

from django.core.files.base import ContentFile
from django.urls import reverse

from atelier.accounts.services import export_json
from atelier.core.storage import private_storage
from atelier.experts.models import ExpertProfile
from tests.library import samples

from .factories import ExpertProfileFactory


def test_the_export_holds_the_expert_profile(ezra):
    ExpertProfileFactory(user=ezra, keywords=["surveys"], daily_rate=300, cv_name="cv.pdf")
    data = json.loads(export_json(ezra))["expert_profile"]
    assert data["keywords"] == ["surveys"]
    assert data["daily_rate"] == "300.00"
    assert data["cv"] == "cv.pdf"
    assert data["bio"] == {"lang": "en", "text": "I help museums find audiences."}


def test_the_export_of_someone_without_a_profile_says_so(alice):
    assert json.loads(export_json(alice))["expert_profile"] is None


def test_erasure_unlists_the_profile_and_deletes_the_cv(
    client, ezra, password, django_capture_on_commit_callbacks
):
    profile = ExpertProfileFactory(user=ezra, keywords=["surveys"], daily_rate=300)
    profile.cv.name = private_storage().save("experts/cv/ab/cv.pdf", ContentFile(samples.pdf()))
    profile.cv_name = "Ezra CV.pdf"
    profile.save()
    client.force_login(ezra)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"password": password, "confirm": "on"})
    assert response.status_code == 302
    profile = ExpertProfile.objects.get(pk=profile.pk)
    assert (profile.is_listed, profile.keywords, profile.daily_rate, profile.cv_name) == (
        False,
        [],
        None,
        "",
    )
    assert not profile.bio
    assert not profile.cv
    root = pathlib.Path(private_storage().location)
    assert [path for path in root.rglob("*") if path.is_file()] == []
    assert list(client.get(reverse("experts:directory")).context["experts"]) == []
