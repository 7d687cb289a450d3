"""The unified search: what it finds, across languages, and what it never shows."""

import pytest

from atelier.core.multilingual import MultilingualText
from atelier.library.models import Status
from atelier.search import services
from atelier.search.models import Entry, Vector
from tests.library.factories import PublishedResourceFactory, ResourceFactory
from tests.network.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def embed_all():
    """What the task worker does after each change: make the vectors."""
    services.embed(Entry.objects.values_list("pk", flat=True))


def _titles(results):
    return [hit.entry.title["text"] for hit in results.hits]


def _toolkit(**extra):
    fields = {
        "title": MultilingualText("Digital education toolkit for trainers", "en"),
        "abstract": MultilingualText(
            "Exercises and methods for trainers who teach digital skills to cultural workers.",
            "en",
        ),
    }
    return PublishedResourceFactory(**{**fields, **extra})


def test_a_published_resource_is_indexed_and_its_vectors_made_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        resource = _toolkit()
    entry = Entry.objects.get(kind="resource", object_id=resource.pk)
    assert entry.language == "en"
    assert entry.embedded_hash == entry.text_hash
    assert Vector.objects.filter(entry=entry).count() == 1


def test_search_finds_by_words():
    _toolkit()
    PublishedResourceFactory(
        title=MultilingualText("Festival budgets", "en"),
        abstract=MultilingualText("How festivals plan money.", "en"),
    )
    results = services.search("toolkit trainers")
    assert _titles(results)[0] == "Digital education toolkit for trainers"


def test_search_finds_across_languages():
    _toolkit()
    PublishedResourceFactory(
        title=MultilingualText("Festival budgets", "en"),
        abstract=MultilingualText("How festivals plan ticket prices and sponsorship.", "en"),
    )
    embed_all()
    results = services.search("дигитално образование за обучители")
    assert _titles(results)[0] == "Digital education toolkit for trainers"


def test_a_draft_is_never_found():
    ResourceFactory(
        title=MultilingualText("Secret digital toolkit draft", "en"), status=Status.SUBMITTED
    )
    assert services.search("secret digital toolkit draft").total == 0
    assert not Entry.objects.filter(kind="resource").exists()


def test_unpublishing_removes_an_item_at_once():
    resource = _toolkit()
    assert services.search("digital education toolkit").total == 1
    resource.status = Status.WITHDRAWN
    resource.save()
    assert services.search("digital education toolkit").total == 0
    assert not Entry.objects.filter(kind="resource", object_id=resource.pk).exists()


def test_deleting_removes_an_item_at_once():
    organisation = OrganisationFactory(name=MultilingualText("Kulturni center Maribor", "sl"))
    assert _titles(services.search("Kulturni center Maribor")) == ["Kulturni center Maribor"]
    organisation.delete()
    assert services.search("Kulturni center Maribor").total == 0


def test_the_type_filter_applies_before_ranking_and_counts_stay():
    _toolkit()
    OrganisationFactory(name=MultilingualText("Digital education trainers network", "en"))
    results = services.search("digital education trainers", kinds=["organisation"])
    assert _titles(results) == ["Digital education trainers network"]
    counts = {value.value: value.count for value in results.kinds}
    assert counts == {"resource": 1, "organisation": 1}


def test_language_is_identified_and_filters():
    OrganisationFactory(
        name=MultilingualText("Stowarzyszenie mobilności artystów", ""),
        description=MultilingualText("Wspieramy mobilność artystów i kuratorów w Europie.", ""),
    )
    _toolkit()
    entry = Entry.objects.get(kind="organisation")
    assert entry.language == "pl"
    embed_all()
    results = services.search("mobilność artystów", languages=["pl"])
    assert _titles(results) == ["Stowarzyszenie mobilności artystów"]
    assert {value.value for value in results.languages} >= {"pl"}


def test_a_translated_title_is_shown_in_the_readers_language():
    from django.utils import translation

    _toolkit(
        title=MultilingualText(
            "Digital education toolkit for trainers",
            "en",
            {"bg": {"text": "Наръчник за дигитално образование", "by": "human"}},
        )
    )
    embed_all()
    with translation.override("bg"):
        hit = services.search("дигитално образование").hits[0]
        assert hit.title.text == "Наръчник за дигитално образование"
        assert hit.title.is_original is False
    with translation.override("en"):
        assert services.search("digital education").hits[0].title.text == (
            "Digital education toolkit for trainers"
        )


def test_an_empty_query_finds_nothing():
    _toolkit()
    assert services.search("   ").total == 0


def test_an_item_without_vectors_yet_is_found_by_its_words():
    _toolkit()
    assert Vector.objects.count() == 0
    assert _titles(services.search("toolkit")) == ["Digital education toolkit for trainers"]


def test_new_text_replaces_the_vectors():
    resource = _toolkit()
    embed_all()
    first = bytes(Vector.objects.get().data)
    resource.abstract = MultilingualText("A guide to sound recording for podcasts.", "en")
    resource.save()
    embed_all()
    assert Vector.objects.count() == 1
    assert bytes(Vector.objects.get().data) != first
    assert _titles(services.search("podcast sound recording"))[0] == resource.title.text


def test_items_saved_in_one_transaction_get_their_vectors_after_commit(
    django_capture_on_commit_callbacks,
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for n in range(3):
                _toolkit(title=MultilingualText(f"Toolkit number {n}", "en"))
            assert Vector.objects.count() == 0
    assert Vector.objects.count() == 3
    assert services.pending_embeddings() == 0


def test_without_search_by_meaning_words_still_find(settings, django_capture_on_commit_callbacks):
    settings.ATELIER_SEARCH_SEMANTIC = False
    with django_capture_on_commit_callbacks(execute=True):
        _toolkit()
    assert Vector.objects.count() == 0
    assert _titles(services.search("toolkit")) == ["Digital education toolkit for trainers"]
    assert services.search("дигитално образование за обучители").total == 0


def test_words_common_to_much_of_the_index_do_not_widen_an_any_word_match(settings):
    from atelier.search import keyword

    keyword._entry_count["read"] = -1e9  # the test's own index size, not a remembered one
    for n in range(keyword.COMMON_MIN + 5):
        OrganisationFactory(name=MultilingualText(f"Common house {n}", "en"))
    OrganisationFactory(name=MultilingualText("Common lighthouse Piran", "en"))
    engine = keyword.backend()
    counts = engine.document_counts(["common", "piran"])
    # SQLite reads exact counts; PostgreSQL counts only to just past the limit.
    assert counts["common"] > keyword.COMMON_MIN
    assert counts["piran"] == 1
    assert keyword.uncommon(engine, ["common", "piran"]) == ["piran"]
    # Both common: one is kept, the rarer where the counts tell them apart (SQLite's exact
    # counts do; PostgreSQL's stop at the limit).
    from django.db import connection

    kept = keyword.uncommon(engine, ["common", "house"])
    assert kept == ["house"] if connection.vendor == "sqlite" else len(kept) == 1
    hits = engine.matches(["common", "piran"])
    assert len(hits) == 1
