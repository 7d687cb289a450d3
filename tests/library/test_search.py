"""The library's search (the shared search's listing of resources): keyword matches,
snippets, facets, filters, sorts, pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from atelier.core.models import Theme
from atelier.core.multilingual import MultilingualText
from atelier.library import queries, services
from atelier.library.models import Kind, Licence, ResourceFile, Status
from atelier.search import keyword
from atelier.search import services as search_services
from atelier.search.models import Entry
from tests.library.factories import PublishedResourceFactory, ResourceFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def titles(result):
    return [hit.resource.title.text for hit in result.hits]


def add_file_text(resource, text):
    ResourceFile.objects.create(
        resource=resource,
        file="library/files/aa/test.pdf",
        original_name="toolkit.pdf",
        mime_type="application/pdf",
        size=100,
        sha256="0" * 64,
        extraction=ResourceFile.Extraction.DONE,
        extracted_text=text,
    )


def test_search_finds_a_word_inside_a_file_and_highlights_it():
    toolkit = PublishedResourceFactory(title=MultilingualText("Audience toolkit", "en"))
    PublishedResourceFactory(title=MultilingualText("Another toolkit", "en"))
    add_file_text(toolkit, "Chapter one. Start with a participatory mapping of your neighbours.")
    result = queries.search(query="participatory")
    assert titles(result) == ["Audience toolkit"]
    assert result.total == 1
    assert "<mark>participatory</mark>" in result.hits[0].snippet


def test_search_finds_titles_and_abstracts_in_every_language():
    title = MultilingualText("Наръчник за публиките", "bg").translate("en", "Audience handbook")
    abstract = MultilingualText("Kratek povzetek o občinstvih.", "sl")
    PublishedResourceFactory(title=title, abstract=abstract)
    PublishedResourceFactory(title=MultilingualText("Unrelated", "en"))
    assert titles(queries.search(query="наръчник")) == ["Наръчник за публиките"]
    assert titles(queries.search(query="handbook")) == ["Наръчник за публиките"]
    # Diacritics fold: "obcinstvih" finds "občinstvih".
    assert titles(queries.search(query="obcinstvih")) == ["Наръчник за публиките"]


def test_search_covers_body_authors_and_programme():
    programme = ProgrammeFactory(acronym="SBCC", title=MultilingualText("South Baltic", "en"))
    resource = PublishedResourceFactory(
        programme=programme, body=MultilingualText("<p>Cooperative <b>residencies</b></p>", "en")
    )
    resource.authors.create(name="Zofia Nowak", position=0)
    for word in ("residencies", "nowak", "sbcc", "baltic"):
        assert queries.search(query=word).total == 1, word


def test_snippet_escapes_html_of_the_text():
    PublishedResourceFactory(
        abstract=MultilingualText("Use <script>alert(1)</script> carefully & keep notes.", "en")
    )
    snippet = queries.search(query="carefully").hits[0].snippet
    # FTS5 keeps the tag as escaped text; PostgreSQL's headline drops tags: both are safe.
    assert "<script>" not in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert "<mark>carefully</mark> &amp; keep notes" in snippet


def test_highlight_turns_only_markers_into_mark_tags():
    assert keyword.highlight("a \x02<b>\x03 c\x02") == "a <mark>&lt;b&gt;</mark> c<mark></mark>"


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "AND", "*", "-", "OR OR", "NOT", '"', "a AND", "-only", "((", "a:x", "\x02"],
)
def test_a_malformed_query_never_fails(query):
    PublishedResourceFactory(title=MultilingualText("Only title", "en"))
    result = queries.search(query=query)
    assert result.total >= 0


def test_parse_query_reads_words_phrases_exclusions_and_alternatives():
    parsed = keyword.parse_query('museum "open air" -closed theatre OR dance')
    assert [[t.text for t in clause] for clause in parsed.clauses] == [
        ["museum"],
        ["open air"],
        ["theatre", "dance"],
    ]
    assert [t.text for t in parsed.excluded] == ["closed"]
    assert not keyword.parse_query('" - * AND')


def test_search_supports_phrases_and_exclusions():
    PublishedResourceFactory(title=MultilingualText("Open air museum", "en"))
    PublishedResourceFactory(title=MultilingualText("Air quality in an open museum", "en"))
    assert titles(queries.search(query='"open air"')) == ["Open air museum"]
    assert titles(queries.search(query="museum -quality")) == ["Open air museum"]


def test_title_matches_rank_before_abstract_matches():
    PublishedResourceFactory(
        title=MultilingualText("Notes", "en"), abstract=MultilingualText("About festivals.", "en")
    )
    PublishedResourceFactory(title=MultilingualText("Festivals", "en"))
    assert titles(queries.search(query="festivals")) == ["Festivals", "Notes"]


@pytest.mark.parametrize("rank_up_to", [2, 10**6], ids=["common word", "rare word"])
def test_a_word_in_many_resources_lists_every_match_title_matches_first(monkeypatch, rank_up_to):
    """A word in more resources than are scored one by one: the best (on PostgreSQL, the title
    matches) come first, then the rest; every match is counted and reachable."""
    monkeypatch.setattr(keyword.Keywords, "SCORED_UP_TO", rank_up_to)
    in_abstract = [
        PublishedResourceFactory(
            title=MultilingualText(f"Notes {n}", "en"),
            abstract=MultilingualText("On harbours and their festivals.", "en"),
            kind=Kind.GUIDE if n % 2 else Kind.TOOLKIT,
        )
        for n in range(4)
    ]
    in_title = [
        PublishedResourceFactory(title=MultilingualText(f"Harbours {n}", "en"), kind=Kind.VIDEO)
        for n in range(2)
    ]
    PublishedResourceFactory(title=MultilingualText("Mountains", "en"))
    first = queries.search(query="harbours", per_page=3)
    second = queries.search(query="harbours", per_page=3, page=2)
    assert first.total == second.total == 6
    assert set(titles(first)[:2]) == {r.title.text for r in in_title}
    assert set(titles(first)[2:] + titles(second)) == {r.title.text for r in in_abstract}
    guides = queries.search(query="harbours", filters={"kind": ["guide"]})
    assert sorted(titles(guides)) == ["Notes 1", "Notes 3"]
    kinds = {
        value.value: value.count
        for value in next(group for group in guides.facets if group.key == "kind").values
    }
    assert kinds == {"guide": 2, "toolkit": 2, "video": 2}


def test_unpublished_resources_never_appear():
    PublishedResourceFactory(title=MultilingualText("Harbour published", "en"))
    for status in (Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.CHANGES_REQUESTED):
        draft = ResourceFactory(title=MultilingualText(f"Harbour {status}", "en"), status=status)
        search_services.refresh("resource", draft.pk)
    assert titles(queries.search(query="harbour")) == ["Harbour published"]
    assert titles(queries.search()) == ["Harbour published"]
    assert queries.search().total == 1


def test_editing_a_published_resource_reindexes_it(mona):
    resource = PublishedResourceFactory(title=MultilingualText("Old name", "en"))
    services.update_resource(
        mona,
        resource,
        fields={"title": MultilingualText("Lighthouse stories", "en"), "kind": Kind.GUIDE},
    )
    assert queries.search(query="old").total == 0
    result = queries.search(query="lighthouse")
    assert titles(result) == ["Lighthouse stories"]
    kinds = {v.value: v.count for v in facet(result, "kind").values}
    assert kinds == {"guide": 1}


def test_withdrawing_takes_a_resource_out_of_search(mona):
    resource = PublishedResourceFactory(title=MultilingualText("Withdrawn soon", "en"))
    assert queries.search(query="withdrawn").total == 1
    services.withdraw(mona, resource, reason="Outdated")
    assert queries.search(query="withdrawn").total == 0
    assert queries.search().total == 0


def test_approving_puts_a_resource_in_search(mona):
    resource = ResourceFactory(title=MultilingualText("Approved lately", "en"))
    assert queries.search(query="approved").total == 0
    services.approve(mona, resource)
    assert queries.search(query="approved").total == 1


def facet(result, key):
    return next(group for group in result.facets if group.key == key)


def counts(result, key):
    return {value.value: value.count for value in facet(result, key).values}


@pytest.fixture
def shelf():
    heritage = Theme.objects.get(slug="cultural-heritage")
    audience = Theme.objects.get(slug="audience-development")

    def make(title, kind, languages, year, themes=(), licence=Licence.CC_BY):
        resource = PublishedResourceFactory(
            title=MultilingualText(title, "en"),
            kind=kind,
            languages=languages,
            licence=licence,
            published_on=date(year, 5, 1),
            countries=["SI"] if "sl" in languages else ["BG"],
        )
        resource.themes.set(themes)
        return resource

    return [
        make("River toolkit", Kind.TOOLKIT, ["en"], 2023, [heritage]),
        make("River guide", Kind.GUIDE, ["sl"], 2024, [heritage, audience]),
        make("Mountain guide", Kind.GUIDE, ["en", "sl"], 2024, [audience], Licence.CC0),
        make("River podcast", Kind.PODCAST_EPISODE, ["bg"], 2022),
    ]


def test_facet_counts_follow_the_query(shelf):
    result = queries.search(query="river")
    assert counts(result, "kind") == {"toolkit": 1, "guide": 1, "podcast-episode": 1}
    assert counts(result, "lang") == {"en": 1, "sl": 1, "bg": 1}
    assert counts(result, "year") == {"2022": 1, "2023": 1, "2024": 1}
    assert counts(result, "theme") == {"cultural-heritage": 2, "audience-development": 1}
    assert counts(result, "licence") == {"cc-by": 3}
    assert counts(result, "country") == {"SI": 1, "BG": 2}


def test_facet_counts_without_a_query_count_the_whole_library(shelf):
    result = queries.search()
    assert result.total == 4
    assert counts(result, "kind") == {"toolkit": 1, "guide": 2, "podcast-episode": 1}
    assert counts(result, "licence") == {"cc-by": 3, "cc0": 1}


def test_facet_counts_of_the_whole_library_follow_new_publications(shelf):
    assert counts(queries.search(), "kind")["guide"] == 2
    PublishedResourceFactory(kind=Kind.GUIDE)
    assert counts(queries.search(), "kind")["guide"] == 3


def test_values_of_one_facet_are_alternatives_and_facets_combine(shelf):
    either = queries.search(filters={"kind": ["toolkit", "guide"]})
    assert sorted(titles(either)) == ["Mountain guide", "River guide", "River toolkit"]
    both = queries.search(filters={"kind": ["toolkit", "guide"], "lang": ["sl"]})
    assert sorted(titles(both)) == ["Mountain guide", "River guide"]
    with_query = queries.search(query="river", filters={"kind": ["guide"], "lang": ["sl"]})
    assert titles(with_query) == ["River guide"]


def test_choosing_a_value_still_counts_the_other_values_of_its_facet(shelf):
    result = queries.search(filters={"kind": ["guide"]})
    assert result.total == 2
    # The kind facet ignores its own filter; the others count the guides only.
    assert counts(result, "kind") == {"toolkit": 1, "guide": 2, "podcast-episode": 1}
    assert counts(result, "lang") == {"en": 1, "sl": 2}
    assert [v.value for v in facet(result, "kind").selected] == ["guide"]
    result = queries.search(query="river", filters={"kind": ["guide"], "lang": ["sl"]})
    assert counts(result, "kind") == {"guide": 1}
    assert counts(result, "lang") == {"sl": 1}


def test_facet_labels_are_readable(shelf):
    result = queries.search()
    labels = {v.value: str(v.label) for v in facet(result, "kind").values}
    assert labels["podcast-episode"] == "Podcast episode"
    assert {v.value: str(v.label) for v in facet(result, "lang").values}["sl"] == "Slovenian"
    assert {v.value: str(v.label) for v in facet(result, "country").values}["SI"] == "Slovenia"
    themes = {v.value: str(v.label) for v in facet(result, "theme").values}
    assert themes["cultural-heritage"] == "Cultural heritage"


def test_a_selected_value_with_no_match_stays_visible_to_be_unchecked(shelf):
    result = queries.search(query="mountain", filters={"year": ["1999"]})
    assert result.total == 0
    assert [(v.value, v.count) for v in facet(result, "year").selected] == [("1999", 0)]


def test_unknown_facets_and_values_are_ignored_or_match_nothing(shelf):
    assert queries.search(filters={"colour": ["red"]}).total == 4
    assert queries.search(filters={"kind": ["spaceship"]}).total == 0


def test_programme_facet_shows_the_acronym():
    programme = ProgrammeFactory(acronym="CE+", slug="ce-plus")
    PublishedResourceFactory(programme=programme)
    values = facet(queries.search(), "programme").values
    assert [(v.value, v.label, v.count) for v in values] == [("ce-plus", "CE+", 1)]


def test_sorts_by_newest_and_by_downloads():
    now = timezone.now()
    old = PublishedResourceFactory(
        title=MultilingualText("Bridge old", "en"), published_at=now - timedelta(days=9)
    )
    new = PublishedResourceFactory(
        title=MultilingualText("Bridge new", "en"), published_at=now - timedelta(days=1)
    )
    old.download_count = 30
    old.save(update_fields=["download_count"])
    new.download_count = 2
    new.save(update_fields=["download_count"])
    assert titles(queries.search(query="bridge", sort="newest")) == ["Bridge new", "Bridge old"]
    assert titles(queries.search(query="bridge", sort="downloads")) == ["Bridge old", "Bridge new"]
    assert titles(queries.search(sort="downloads")) == ["Bridge old", "Bridge new"]
    assert titles(queries.search(sort="nonsense")) == ["Bridge new", "Bridge old"]


def test_results_come_in_pages():
    now = timezone.now()
    for n in range(25):
        PublishedResourceFactory(
            title=MultilingualText(f"Canal {n:02d}", "en"), published_at=now - timedelta(hours=n)
        )
    first = queries.search(query="canal", sort="newest", per_page=10)
    third = queries.search(query="canal", sort="newest", per_page=10, page=3)
    assert first.total == third.total == 25
    assert titles(first) == [f"Canal {n:02d}" for n in range(10)]
    assert titles(third) == [f"Canal {n:02d}" for n in range(20, 25)]
    assert third.page.number == 3
    assert third.page.paginator.num_pages == 3
    # Past the end or nonsense: the nearest real page.
    assert queries.search(query="canal", page=99, per_page=10).page.number == 3
    assert queries.search(query="canal", page="x", per_page=10).page.number == 1


def test_rebuilding_the_index_gives_the_same_answers(shelf):
    before = queries.search(query="river")
    assert search_services.reindex(kinds=["resource"]) == 4
    after = queries.search(query="river")
    assert sorted(titles(after)) == sorted(titles(before))
    assert counts(after, "theme") == counts(before, "theme")


def test_reindex_command_rebuilds_from_the_published_resources(shelf):
    from io import StringIO

    from django.core.management import call_command

    from atelier.core import search_registry

    draft = ResourceFactory(title=MultilingualText("River draft", "en"))
    search_services.write(search_registry.source("resource"), draft)  # a stale entry
    out = StringIO()
    call_command("reindex", kinds=["resource"], stdout=out, stderr=StringIO())
    assert "4 items indexed" in out.getvalue()
    assert sorted(titles(queries.search(query="river"))) == [
        "River guide",
        "River podcast",
        "River toolkit",
    ]
    assert not Entry.objects.filter(kind="resource", object_id=draft.pk).exists()


def generation():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT generation FROM search_kindstate WHERE kind = 'resource'")
        return cursor.fetchone()[0]


def test_new_file_text_is_searchable_without_rebuilding_the_facets():
    resource = PublishedResourceFactory(title=MultilingualText("Recording", "en"))
    before = generation()
    add_file_text(resource, "A transcript about lighthouses.")
    assert generation() == before
    assert titles(queries.search(query="lighthouses")) == ["Recording"]


def test_a_facet_change_makes_a_new_generation(mona):
    resource = PublishedResourceFactory(kind=Kind.TOOLKIT)
    before = generation()
    services.update_resource(mona, resource, fields={"kind": Kind.DATASET})
    assert generation() != before
    assert counts(queries.search(), "kind") == {"dataset": 1}
