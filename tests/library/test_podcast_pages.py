"""Podcast pages: the list, a podcast with its episodes, and who may create or edit one."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from atelier.accounts.services import assign_role
from atelier.core.multilingual import MultilingualText
from atelier.library.models import Kind, Podcast, Status
from tests.factories import UserFactory
from tests.library.factories import PodcastFactory, PublishedResourceFactory, ResourceFactory
from tests.library.open_standards import attach, attach_transcript
from tests.programmes.factories import ProgrammeFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db


def episode(podcast, number, *, status=Status.PUBLISHED, **fields):
    factory = PublishedResourceFactory if status == Status.PUBLISHED else ResourceFactory
    resource = factory(
        kind=Kind.PODCAST_EPISODE,
        podcast=podcast,
        title=MultilingualText(f"Episode {number}", "en"),
        season=2,
        episode_number=number,
        status=status,
        external_url="",
        **fields,
    )
    attach(resource, duration=1500)
    return resource


def image_upload(width, height, image_format="PNG", mode="RGB"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new(mode, (width, height), "#336699").save(buffer, format=image_format)
    return SimpleUploadedFile(f"cover.{image_format.lower()}", buffer.getvalue())


def form_data(**overrides):
    data = {
        "title": "Culture Talks",
        "text_language": "en",
        "description_text": "Conversations with cultural workers.",
        "slug": "culture-talks",
        "category": "Arts",
        "subcategory": "Performing Arts",
        "author": "CE+ consortium",
        "owner_name": "Maria Ivanova",
        "owner_email": "podcast@example.org",
        "website": "",
    }
    data.update(overrides)
    return data


# The list ----------------------------------------------------------------------------------


def test_podcast_list_shows_every_podcast_with_its_published_episodes(client):
    podcast = PodcastFactory(title=MultilingualText("Culture Talks", "en"))
    episode(podcast, 1)
    episode(podcast, 2, status=Status.SUBMITTED)
    response = client.get(reverse("library:podcasts"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Culture Talks" in content
    assert "1 episode" in content
    assert podcast.get_absolute_url() in content


def test_podcast_list_paginates(client):
    PodcastFactory.create_batch(21)
    first = client.get(reverse("library:podcasts"))
    second = client.get(reverse("library:podcasts"), {"page": 2})
    assert len(first.context["podcasts"]) == 20
    assert len(second.context["podcasts"]) == 1
    assert 'rel="next"' in first.content.decode()


def test_podcast_list_answers_in_a_fixed_number_of_queries(client):
    def add_podcasts(n):
        for podcast in PodcastFactory.create_batch(n):
            episode(podcast, 1)

    add_podcasts(1)
    one, several = assert_same_queries(
        lambda: client.get(reverse("library:podcasts")), lambda: add_podcasts(3)
    )
    assert len(several.context["podcasts"]) == 4


def test_podcast_list_offers_creation_only_to_curators(client, alice, mona):
    url = reverse("library:podcasts")
    add = reverse("library:podcast-add")
    assert add not in client.get(url).content.decode()
    client.force_login(alice)
    assert add not in client.get(url).content.decode()
    client.force_login(mona)
    assert add in client.get(url).content.decode()


# One podcast -------------------------------------------------------------------------------


def test_podcast_page_lists_published_episodes_newest_first_with_players(client):
    podcast = PodcastFactory(
        title=MultilingualText("Culture Talks", "en"),
        description=MultilingualText("Conversations with cultural workers.", "en"),
        category="Arts",
        subcategory="Performing Arts",
        owner_name="Maria Ivanova",
    )
    first = episode(podcast, 1)
    second = episode(podcast, 2)
    episode(podcast, 3, status=Status.SUBMITTED)
    transcript = attach_transcript(second, second.files.get())
    response = client.get(podcast.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert [e.pk for e in response.context["episodes"]] == [second.pk, first.pk]
    assert "Episode 3" not in content
    assert "Conversations with cultural workers." in content
    assert "Performing Arts" in content and "Maria Ivanova" in content
    assert "Season 2" in content and "Episode 2" in content
    assert "25 min" in content
    audio = second.files.get(role="main")
    assert (
        f'<audio controls preload="none" src="{reverse("library:file", args=[audio.pk])}"'
        in content
    )
    assert reverse("library:resource", args=[second.pk]) in content
    assert reverse("library:file", args=[transcript.pk]) in content
    feed = f"http://testserver/library/podcasts/{podcast.slug}/feed.xml"
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Culture Talks" href="{feed}">'
        in (content)
    )
    assert "Subscribe" in content


def test_podcast_page_without_episodes(client):
    podcast = PodcastFactory()
    content = client.get(podcast.get_absolute_url()).content.decode()
    assert "No episode has been published yet." in content
    assert "/static/library/podcast-cover.png" in content


def test_unknown_podcast_is_not_found(client):
    assert client.get(reverse("library:podcast", args=["nothing"])).status_code == 404


def test_podcast_page_answers_in_a_fixed_number_of_queries(client):
    podcast = PodcastFactory()

    def add_episodes(first, n):
        for number in range(first, first + n):
            resource = episode(podcast, number)
            attach_transcript(resource, resource.files.get())

    add_episodes(1, 1)
    one, several = assert_same_queries(
        lambda: client.get(podcast.get_absolute_url()), lambda: add_episodes(2, 3)
    )
    assert all(f"Episode {n}" in several.content.decode() for n in range(1, 5))


# Creating and editing ----------------------------------------------------------------------


def test_members_may_not_create_a_podcast(client, alice):
    url = reverse("library:podcast-add")
    assert client.get(url).status_code == 403
    client.force_login(alice)
    assert client.get(url).status_code == 403
    assert client.post(url, form_data()).status_code == 403
    assert not Podcast.objects.exists()


def test_moderator_creates_a_podcast_with_a_cover(client, mona):
    client.force_login(mona)
    response = client.post(
        reverse("library:podcast-add"),
        form_data(cover=image_upload(1600, 1500, "PNG"), explicit="on"),
    )
    podcast = Podcast.objects.get()
    assert response.status_code == 302
    assert response["Location"] == podcast.get_absolute_url()
    assert (podcast.title.text, podcast.title.language, podcast.language) == (
        "Culture Talks",
        "en",
        "en",
    )
    assert podcast.description.text == "Conversations with cultural workers."
    assert (podcast.category, podcast.subcategory, podcast.explicit) == (
        "Arts",
        "Performing Arts",
        True,
    )
    assert podcast.owner == mona
    with podcast.cover.open() as stored, Image.open(stored) as cover:
        assert (cover.format, cover.size) == ("JPEG", (1500, 1500))


def test_cover_too_small_for_directories_is_refused(client, mona):
    client.force_login(mona)
    response = client.post(reverse("library:podcast-add"), form_data(cover=image_upload(600, 600)))
    assert response.status_code == 400
    assert "at least 1400 × 1400 pixels" in response.content.decode()
    assert not Podcast.objects.exists()


def test_a_file_that_is_no_image_is_refused_as_cover(client, mona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(mona)
    fake = SimpleUploadedFile("cover.png", b"<svg onload='alert(1)'></svg>", "image/png")
    response = client.post(reverse("library:podcast-add"), form_data(cover=fake))
    assert response.status_code == 400
    assert not Podcast.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"subcategory": "Physics"}, "subcategory"),
        ({"category": "Astrology"}, "category"),
        ({"slug": "new"}, "slug"),
        ({"owner_email": "not an address"}, "owner_email"),
        ({"title": ""}, "title"),
        ({"text_language": "xx"}, "text_language"),
    ],
)
def test_podcast_form_refuses_bad_input(client, mona, overrides, field):
    client.force_login(mona)
    response = client.post(reverse("library:podcast-add"), form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Podcast.objects.exists()


def test_programme_coordinator_creates_a_podcast_in_their_programme_only(client):
    mine, other = ProgrammeFactory(), ProgrammeFactory()
    coordinator = UserFactory()
    assign_role(coordinator, "coordinator", mine)
    client.force_login(coordinator)
    url = reverse("library:podcast-add")
    response = client.post(url, form_data(programme=other.pk))
    assert response.status_code == 400
    assert "programme" in response.context["form"].errors
    response = client.post(url, form_data())
    assert "programme" in response.context["form"].errors
    response = client.post(url, form_data(programme=mine.pk))
    assert response.status_code == 302
    podcast = Podcast.objects.get()
    assert podcast.programme == mine
    # And may then edit it.
    assert client.get(reverse("library:podcast-edit", args=[podcast.slug])).status_code == 200


def test_who_may_edit_a_podcast(client, alice, mona, cora):
    programme = ProgrammeFactory()
    podcast = PodcastFactory(programme=programme)
    url = reverse("library:podcast-edit", args=[podcast.slug])
    outsider = UserFactory()
    assign_role(outsider, "coordinator", ProgrammeFactory())
    for person in (None, alice, outsider):
        if person:
            client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, form_data(slug=podcast.slug)).status_code == 403
    insider = UserFactory()
    assign_role(insider, "coordinator", programme)
    for person in (mona, cora, insider):
        client.force_login(person)
        assert client.get(url).status_code == 200


def test_editing_keeps_translations_and_changes_the_feed(client, mona):
    podcast = PodcastFactory(
        slug="culture-talks",
        title=MultilingualText("Culture Talks", "en").translate("bg", "Културни разговори"),
    )
    client.force_login(mona)
    url = reverse("library:podcast-edit", args=[podcast.slug])
    form = client.get(url).context["form"]
    assert form.initial["title"] == "Culture Talks"
    response = client.post(
        url,
        form_data(title="Culture Talks, season two", category="Education", subcategory="Courses"),
    )
    assert response.status_code == 302
    podcast.refresh_from_db()
    assert podcast.title.text == "Culture Talks, season two"
    assert podcast.title.get("bg") == "Културни разговори"
    assert podcast.category == "Education"
    feed = client.get("/library/podcasts/culture-talks/feed.xml").content.decode()
    assert 'text="Education"' in feed and "Culture Talks, season two" in feed


def test_podcast_page_offers_editing_only_to_those_who_may(client, alice, mona):
    podcast = PodcastFactory()
    edit = reverse("library:podcast-edit", args=[podcast.slug])
    client.force_login(alice)
    assert edit not in client.get(podcast.get_absolute_url()).content.decode()
    client.force_login(mona)
    assert edit in client.get(podcast.get_absolute_url()).content.decode()


def test_podcast_page_shows_the_readers_language_and_says_so(client):
    podcast = PodcastFactory(
        title=MultilingualText("Culture Talks", "en").translate("bg", "Културни разговори"),
        slug="culture-talks",
    )
    content = client.get("/bg/library/podcasts/culture-talks/").content.decode()
    assert '<h1 lang="bg">Културни разговори</h1>' in content
    # The feed address stays the same in every language.
    assert 'href="http://testserver/library/podcasts/culture-talks/feed.xml"' in content
    assert podcast.slug in content
