"""The library's search and the expert matching rank by meaning through the search service."""

import datetime

import pytest

from atelier.core.multilingual import MultilingualText
from atelier.experts.services.matching import rank_experts
from atelier.library import queries as library_queries
from atelier.search import services
from atelier.search.models import Entry
from tests.experts.factories import ExpertProfileFactory, SupportRequestFactory
from tests.library.factories import PublishedResourceFactory

pytestmark = pytest.mark.django_db


def _embed_all():
    services.embed(Entry.objects.values_list("pk", flat=True))


def test_the_library_finds_a_resource_in_another_language():
    PublishedResourceFactory(
        title=MultilingualText("Artist mobility guide", "en"),
        abstract=MultilingualText(
            "Grants, residencies and visas for artists who travel and work abroad.", "en"
        ),
    )
    PublishedResourceFactory(
        title=MultilingualText("Festival accounting basics", "en"),
        abstract=MultilingualText("Bookkeeping for small festival teams.", "en"),
    )
    _embed_all()
    result = library_queries.search(query="mobilność artystów")
    assert [hit.resource.title.text for hit in result.hits] == ["Artist mobility guide"]


def test_the_library_keeps_its_keyword_matches_first_when_meaning_agrees():
    PublishedResourceFactory(
        title=MultilingualText("Audience development toolkit", "en"),
        abstract=MultilingualText("Know your audiences and reach new ones.", "en"),
    )
    PublishedResourceFactory(
        title=MultilingualText("Audience surveys", "en"),
        abstract=MultilingualText("Questionnaires for visitors.", "en"),
    )
    _embed_all()
    result = library_queries.search(query="audience development toolkit")
    assert result.hits[0].resource.title.text == "Audience development toolkit"


def test_a_query_excluding_words_gets_no_meaning_only_matches():
    PublishedResourceFactory(
        title=MultilingualText("Artist mobility guide", "en"),
        abstract=MultilingualText("Residencies abroad.", "en"),
    )
    _embed_all()
    assert library_queries.search(query="mobilność -guide").total == 0


def test_expert_matching_counts_a_profile_close_in_meaning():
    close = ExpertProfileFactory(
        user__display_name="Jana Kovač",
        areas=[],
        keywords=[],
        bio=MultilingualText(
            "Pomagam muzejem pri razvoju občinstva in raziskavah obiskovalcev.", "sl"
        ),
    )
    far = ExpertProfileFactory(
        user__display_name="Piotr Nowak",
        areas=[],
        keywords=[],
        bio=MultilingualText("Księgowość i podatki dla fundacji.", "pl"),
    )
    _embed_all()
    request = SupportRequestFactory(
        areas=[],
        title=MultilingualText("Audience research for our museums", "en"),
        description=MultilingualText("Who visits our museums, and who does not?", "en"),
        starts_on=datetime.date(2027, 3, 1),
    )
    matches = rank_experts(request, today=datetime.date(2027, 1, 10))
    by_expert = {match.expert.pk: match for match in matches}
    reasons = {reason.signal for reason in by_expert[close.pk].reasons}
    assert "meaning" in reasons
    assert far.pk not in by_expert or by_expert[far.pk].score < by_expert[close.pk].score
