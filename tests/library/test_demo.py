"""The library's demo content: the seed programmes' files, loaded through the services."""

import pytest

from atelier.accounts import demo as accounts_demo
from atelier.library import demo, queries
from atelier.library.models import Collection, Podcast, Resource, ResourceFile, Status
from atelier.programmes import demo as programmes_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(django_capture_on_commit_callbacks):
    accounts_demo.load()
    programmes_demo.load_seed_programmes()
    programmes_demo._demo_team()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load()


def test_demo_library_holds_the_seed_programmes_files_in_their_languages(loaded):
    published = Resource.objects.filter(status=Status.PUBLISHED)
    languages = {language for r in published for language in r.languages}
    assert {"bg", "en", "sl", "pl", "ro"} <= languages
    assert set(published.values_list("programme__slug", flat=True)) == {
        "ce-plus",
        "ecoc-capacity-building",
        "pro-kus",
        "south-baltic-creative-clusters",
        "ecoc-sme",
    }
    pdfs = ResourceFile.objects.filter(mime_type="application/pdf", resource__in=published)
    assert pdfs.count() == 6
    assert all(f.extraction == ResourceFile.Extraction.DONE and f.thumbnail for f in pdfs)
    audio = ResourceFile.objects.filter(mime_type="audio/mpeg")
    assert audio.count() == 3
    assert all(f.duration_seconds and f.tracks.filter(role="captions").exists() for f in audio)


def test_demo_podcast_collections_and_a_contribution_waiting_for_review(loaded):
    podcast = Podcast.objects.get(slug="ecoc-talks")
    assert list(
        podcast.episodes.order_by("episode_number").values_list("episode_number", flat=True)
    ) == [1, 2]
    toolkit = Collection.objects.get(slug="audience-development-toolkit")
    assert toolkit.items.count() == 3
    waiting = Resource.objects.get(status=Status.SUBMITTED)
    assert waiting.contributor.email == "member@atelier.test"
    assert waiting.history.filter(action="submitted").exists()


def test_demo_words_inside_the_pdfs_are_found(loaded):
    # "фасилитатор" appears only inside the Bulgarian handbook's PDF, not in its metadata.
    result = queries.search(query="фасилитатор")
    assert [hit.resource.languages for hit in result.hits] == [["bg"]]
    assert "<mark>" in result.hits[0].snippet


def test_loading_twice_adds_nothing(loaded, django_capture_on_commit_callbacks):
    counts = (Resource.objects.count(), ResourceFile.objects.count(), Collection.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        demo.load()
    assert (
        Resource.objects.count(),
        ResourceFile.objects.count(),
        Collection.objects.count(),
    ) == counts
