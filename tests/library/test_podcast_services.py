"""The podcast verbs: who may call them, what they write, and the audit entry each leaves."""

import pytest
from django.core.exceptions import PermissionDenied

from atelier.accounts.services import assign_role
from atelier.core.audit import AuditLogEntry
from atelier.core.multilingual import MultilingualText
from atelier.library import services
from atelier.library.models import Podcast
from tests.factories import UserFactory
from tests.library.factories import PodcastFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def podcast_data(**fields):
    return {
        "fields": {"slug": "culture-talks", "category": "Arts", **fields},
        "title": " Culture Talks ",
        "description": "Conversations with cultural workers.",
        "language": "en",
    }


def test_create_podcast_writes_it_owned_by_the_actor_with_an_audit_entry(mona):
    podcast = services.create_podcast(mona, **podcast_data())
    podcast.refresh_from_db()
    assert podcast.owner == mona
    assert podcast.title == MultilingualText("Culture Talks", "en")
    assert podcast.language == "en"
    assert AuditLogEntry.objects.filter(action="library.podcast_created", actor=mona).count() == 1


def test_create_podcast_refuses_a_member(alice):
    with pytest.raises(PermissionDenied):
        services.create_podcast(alice, **podcast_data())
    assert not Podcast.objects.exists()


def test_create_podcast_refuses_an_unknown_field(mona):
    with pytest.raises(ValueError):
        services.create_podcast(mona, **podcast_data(owner=mona))
    assert not Podcast.objects.exists()


def test_update_podcast_keeps_translations_in_the_same_language(mona):
    podcast = PodcastFactory(
        slug="culture-talks",
        title=MultilingualText("Culture Talks", "en").translate("bg", "Културни разговори"),
    )
    services.update_podcast(mona, podcast, **podcast_data(category="Education"))
    podcast.refresh_from_db()
    assert podcast.title.get("bg") == "Културни разговори"
    assert podcast.category == "Education"
    assert AuditLogEntry.objects.filter(action="library.podcast_changed", actor=mona).count() == 1


def test_update_podcast_checks_the_stored_programme_not_the_new_one():
    theirs, mine = ProgrammeFactory(), ProgrammeFactory()
    podcast = PodcastFactory(programme=theirs, slug="culture-talks")
    coordinator = UserFactory()
    assign_role(coordinator, "coordinator", mine)
    # Moving another programme's podcast into one's own programme is still an edit of theirs.
    podcast.programme = mine
    with pytest.raises(PermissionDenied):
        services.update_podcast(coordinator, podcast, **podcast_data(programme=mine))
    assert Podcast.objects.get().programme == theirs
