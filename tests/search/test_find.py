"""A kind's own list through the shared index (``services.find``): facet counts over what the
query finds by words and by meaning, and nothing unpublished counted or shown."""

import pytest

from atelier.core.multilingual import MultilingualText
from atelier.library.models import Kind, Status
from atelier.search import services
from atelier.search.models import Entry
from tests.library.factories import PublishedResourceFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def _counts(found, key):
    group = next(group for group in found.facets if group.key == key)
    return {value.value: value.count for value in group.values}


@pytest.fixture
def shelf():
    guide = PublishedResourceFactory(
        title=MultilingualText("Artist mobility guide", "en"),
        abstract=MultilingualText(
            "Grants, residencies and visas for artists who travel and work abroad.", "en"
        ),
        kind=Kind.GUIDE,
        languages=["en"],
    )
    toolkit = PublishedResourceFactory(
        title=MultilingualText("Festival accounting basics", "en"),
        abstract=MultilingualText("Bookkeeping for small festival teams.", "en"),
        kind=Kind.TOOLKIT,
        languages=["sl"],
    )
    services.embed(Entry.objects.values_list("pk", flat=True))
    return guide, toolkit


def test_facet_counts_count_what_the_query_finds_by_meaning(shelf):
    guide, _toolkit = shelf
    found = services.find("resource", query="mobilność artystów")
    assert found.object_ids == [guide.pk]
    assert found.total == 1
    assert _counts(found, "kind") == {"guide": 1}
    assert _counts(found, "lang") == {"en": 1}


def test_facet_counts_of_a_filter_by_meaning_leave_out_its_own_facet(shelf):
    found = services.find("resource", query="mobilność artystów", filters={"kind": ["toolkit"]})
    assert found.object_ids == []
    assert _counts(found, "kind") == {"guide": 1, "toolkit": 0}
    assert _counts(found, "lang") == {}


def test_unpublished_resources_are_never_counted_or_listed(shelf, mona):
    from atelier.library import services as library

    guide, toolkit = shelf
    ResourceFactory(
        title=MultilingualText("Artist mobility draft", "en"),
        kind=Kind.DATASET,
        status=Status.DRAFT,
    )
    library.withdraw(mona, toolkit, reason="Outdated")
    for query in ("", "artist mobility", "mobilność artystów"):
        found = services.find("resource", query=query)
        assert found.object_ids == [guide.pk], query
        assert _counts(found, "kind") == {"guide": 1}, query
