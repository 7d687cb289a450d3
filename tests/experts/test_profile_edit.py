"""An expert edits their own profile and CV at /experts/me/; others may not."""

import pathlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from atelier.core.storage import private_storage
from atelier.experts.models import ExpertProfile
from tests.library import samples

from .factories import ExpertProfileFactory

URL = reverse("experts:me")


def _form(**overrides):
    data = {
        "areas": ["audience-development", "evaluation-impact"],
        "keywords": "surveys, Museums , surveys",
        "countries": ["BG", "RO"],
        "ecoc_experience": "Evaluation of Plovdiv 2019.",
        "ecoc_cities": "Plovdiv, 2019\nTimișoara, 2023",
        "availability": "limited",
        "available_from": "2027-01-01",
        "available_until": "2027-12-31",
        "daily_rate": "450",
        "currency": "eur",
        "bio_language": "en",
        "bio": "I measure what culture does for cities.",
        "language_0": "bg",
        "level_0": "native",
        "language_1": "en",
        "level_1": "C1",
        "is_listed": "on",
        "visible_fields": ["areas", "languages", "ecoc"],
    }
    data.update(overrides)
    return data


def test_an_expert_creates_their_profile(client, ezra):
    client.force_login(ezra)
    assert client.get(URL).status_code == 200
    response = client.post(URL, _form())
    assert response.status_code == 302
    profile = ExpertProfile.objects.get(user=ezra)
    assert profile.areas == ["audience-development", "evaluation-impact"]
    assert profile.keywords == ["surveys", "Museums"]
    assert profile.languages == [{"code": "bg", "level": "native"}, {"code": "en", "level": "C1"}]
    assert profile.countries == ["BG", "RO"]
    assert profile.ecoc_cities == [
        {"city": "Plovdiv", "year": 2019},
        {"city": "Timișoara", "year": 2023},
    ]
    assert profile.has_ecoc_experience is True
    assert str(profile.daily_rate) == "450.00"
    assert profile.currency == "EUR"
    assert profile.bio.text == "I measure what culture does for cities."
    assert profile.bio.language == "en"
    assert profile.is_listed is True
    assert profile.visible_fields == ["areas", "languages", "ecoc"]


def test_a_member_without_the_expert_role_may_not_edit_a_profile(client, alice):
    client.force_login(alice)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form()).status_code == 403
    assert not ExpertProfile.objects.exists()


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_expert_edits_only_their_own_profile(client, ezra, bob):
    others = ExpertProfileFactory(user=bob, areas=["volunteering"])
    client.force_login(ezra)
    client.post(URL, _form(areas=["sustainability"]))
    others.refresh_from_db()
    assert others.areas == ["volunteering"]
    assert ExpertProfile.objects.get(user=ezra).areas == ["sustainability"]


def test_availability_ending_before_it_starts_is_refused(client, ezra):
    client.force_login(ezra)
    response = client.post(URL, _form(available_until="2026-06-01"))
    assert response.status_code == 200
    assert "The end of availability is before its start." in response.content.decode()
    assert not ExpertProfile.objects.exists()


def test_a_level_without_a_language_is_refused(client, ezra):
    client.force_login(ezra)
    response = client.post(URL, _form(language_2="", level_2="B1"))
    assert "Choose the language of this level." in response.content.decode()
    assert not ExpertProfile.objects.exists()


def test_a_bad_ecoc_year_is_refused(client, ezra):
    client.force_login(ezra)
    response = client.post(URL, _form(ecoc_cities="Plovdiv, next year"))
    assert "Line 1: the year must be one like 2019 (from 1985 on)." in response.content.decode()
    assert not ExpertProfile.objects.exists()


def _private_files():
    root = private_storage().location
    return sorted(
        str(path.relative_to(root)) for path in pathlib.Path(root).rglob("*") if path.is_file()
    )


def test_a_pdf_cv_is_stored_privately_under_a_generated_name(client, ezra):
    client.force_login(ezra)
    cv = samples.upload("Ezra CV.pdf", samples.pdf("Ezra, expert in evaluation."))
    assert client.post(URL, _form(cv=cv)).status_code == 302
    profile = ExpertProfile.objects.get(user=ezra)
    assert profile.cv_name == "Ezra CV.pdf"
    assert profile.cv.name.startswith("experts/cv/")
    assert profile.cv.name.endswith(".pdf")
    assert "Ezra" not in profile.cv.name
    assert _private_files() == [profile.cv.name]


def test_a_cv_that_is_not_a_document_is_refused_and_nothing_is_written(client, ezra):
    client.force_login(ezra)
    cv = samples.upload("cv.pdf", samples.windows_program())
    response = client.post(URL, _form(cv=cv))
    assert response.status_code == 200
    assert not ExpertProfile.objects.exists()
    assert _private_files() == []


def test_a_picture_is_not_accepted_as_a_cv(client, ezra):
    client.force_login(ezra)
    cv = samples.upload("cv.png", samples.image())
    response = client.post(URL, _form(cv=cv))
    assert "is not a PDF, DOCX or ODT document" in response.content.decode()
    assert not ExpertProfile.objects.exists()


def test_a_new_cv_replaces_the_old_file(client, ezra, django_capture_on_commit_callbacks):
    client.force_login(ezra)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, _form(cv=samples.upload("one.pdf", samples.pdf("One"))))
    first = ExpertProfile.objects.get(user=ezra).cv.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, _form(cv=samples.upload("two.pdf", samples.pdf("Two"))))
    profile = ExpertProfile.objects.get(user=ezra)
    assert profile.cv_name == "two.pdf"
    assert _private_files() == [profile.cv.name]
    assert first != profile.cv.name


def test_an_expert_removes_their_cv(client, ezra, django_capture_on_commit_callbacks):
    client.force_login(ezra)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, _form(cv=samples.upload("one.pdf", samples.pdf("One"))))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, _form(remove_cv="on"))
    profile = ExpertProfile.objects.get(user=ezra)
    assert not profile.cv
    assert profile.cv_name == ""
    assert _private_files() == []


@pytest.fixture
def ezra_with_cv(ezra):
    profile = ExpertProfileFactory(user=ezra, cv_name="Ezra CV.pdf")
    profile.cv.name = private_storage().save(
        "experts/cv/ab/ezra.pdf", ContentFile(samples.pdf("CV"))
    )
    profile.save()
    return profile


@pytest.mark.parametrize("who", ["ezra", "cora", "ada"])
def test_the_expert_and_coordinators_download_the_cv(client, request, ezra_with_cv, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("experts:cv", args=[ezra_with_cv.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="Ezra CV.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["alice", "mona", "rey"])
def test_others_may_not_download_the_cv(client, request, ezra_with_cv, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("experts:cv", args=[ezra_with_cv.pk])).status_code == 403


def test_a_visitor_may_not_download_the_cv(client, ezra_with_cv):
    response = client.get(reverse("experts:cv", args=[ezra_with_cv.pk]))
    assert response.status_code == 403


def test_a_docx_cv_is_accepted(client, ezra):
    client.force_login(ezra)
    cv = samples.upload("cv.docx", samples.docx("Ezra, evaluator."))
    assert client.post(URL, _form(cv=cv)).status_code == 302
    assert ExpertProfile.objects.get(user=ezra).cv.name.endswith(".docx")


def test_a_zip_bomb_is_refused_as_a_cv(client, ezra):
    client.force_login(ezra)
    cv = samples.upload("cv.docx", samples.zip_bomb_docx())
    assert client.post(URL, _form(cv=cv)).status_code == 200
    assert not ExpertProfile.objects.exists()
    assert _private_files() == []


def test_someone_whose_expert_role_ended_can_still_unlist_their_profile(client, alice):
    ExpertProfileFactory(user=alice, is_listed=True)
    client.force_login(alice)
    assert client.post(URL, _form(is_listed="")).status_code == 302
    assert ExpertProfile.objects.get(user=alice).is_listed is False
