"""The query box of the organisations, programmes, events, experts and calls lists asks the
shared search: a query finds by meaning (in another language), the list's own filters and
paging still hold, what a reader may not see never shows, and the queries do not grow."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from atelier.calls.models import Call
from atelier.core.multilingual import MultilingualText
from atelier.events.models import Event
from atelier.programmes.models import Programme
from atelier.search import services
from atelier.search.models import Entry
from tests.calls.factories import CallFactory
from tests.events.factories import EventFactory
from tests.experts.factories import ExpertProfileFactory
from tests.network.factories import OrganisationFactory
from tests.programmes.factories import ProgrammeFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db

en = MultilingualText


def _embed_all():
    services.embed(Entry.objects.values_list("pk", flat=True))


def _organisation(title, text, **extra):
    return OrganisationFactory(name=en(title, "en"), description=en(text, "en"), **extra)


def _programme(title, text, **extra):
    return ProgrammeFactory(title=en(title, "en"), description=en(text, "en"), **extra)


def _event(title, text, **extra):
    return EventFactory(title=en(title, "en"), description=en(text, "en"), **extra)


def _expert(title, text, **extra):
    return ExpertProfileFactory(
        user__display_name=title, bio=en(text, "en"), areas=[], keywords=[], **extra
    )


def _call(title, text, **extra):
    return CallFactory(title=en(title, "en"), description=en(text, "en"), **extra)


# (list, how an item is made, the context's name of the shown items)
PAGES = {
    "organisations": ("network:organisation-list", _organisation, "organisations"),
    "programmes": ("programmes:list", _programme, "programmes"),
    "events": ("events:list", _event, "events"),
    "experts": ("experts:directory", _expert, "experts"),
    "calls": ("calls:list", _call, "calls"),
}


def _shown(response, name):
    return [item.pk for item in response.context[name]]


@pytest.mark.parametrize("page", PAGES)
def test_a_bulgarian_query_finds_an_english_item_by_meaning(client, page):
    url, make, name = PAGES[page]
    wanted = make(
        "Harbour stories",
        "A storytelling workshop where museum guides learn to tell stories to children.",
    )
    make("Ledger", "Bookkeeping, invoices and taxes for small foundations.")
    _embed_all()
    # No word of the query is in the item: only its meaning can find it.
    response = client.get(reverse(url), {"q": "разказване на истории за деца"})
    assert response.status_code == 200
    assert _shown(response, name)[:1] == [wanted.pk]


@pytest.mark.parametrize("page", PAGES)
def test_a_query_by_words_still_finds_an_item_without_vectors(client, page):
    url, make, name = PAGES[page]
    wanted = make("Lighthouse keepers", "Night shifts on the coast.")
    make("Ledger", "Bookkeeping for foundations.")
    response = client.get(reverse(url), {"q": "lighthouse"})
    assert _shown(response, name) == [wanted.pk]


def test_unpublished_items_never_appear_for_those_who_may_not_see_them(client, alice):
    client.force_login(alice)
    _programme("Lantern draft", "A programme not published yet.", state=Programme.State.DRAFT)
    _event("Lantern draft", "An event not published yet.", status=Event.Status.DRAFT)
    _call("Lantern draft", "A call not published yet.", status=Call.Status.DRAFT)
    _expert("Lantern hidden", "An expert who is not listed.", is_listed=False)
    shown = {}
    for page, (url, make, name) in PAGES.items():
        visible = make(f"Lantern {page}", "Published and findable.")
        shown[page] = (_shown(client.get(reverse(url), {"q": "lantern"}), name), [visible.pk])
    assert {page: found for page, (found, _wanted) in shown.items()} == {
        page: wanted for page, (_found, wanted) in shown.items()
    }


def test_the_events_list_keeps_its_filters_with_a_query(client):
    upcoming = _event("Lagoon walk", "A walk.", venue_country="SI")
    _event("Lagoon walk abroad", "A walk.", venue_country="HR")
    past = _event(
        "Lagoon walk of last year",
        "A walk.",
        venue_country="SI",
        starts_at=timezone.now() - timedelta(days=300),
        ends_at=timezone.now() - timedelta(days=299),
    )
    url = reverse("events:list")
    assert _shown(client.get(url, {"q": "lagoon", "country": "SI"}), "events") == [upcoming.pk]
    found = _shown(client.get(url, {"q": "lagoon", "country": "SI", "when": "past"}), "events")
    assert found == [past.pk]


def test_the_calls_list_shows_only_open_calls_with_a_query(client):
    open_call = _call("Call for sound engineers", "Open-air concerts.")
    _call(
        "Call for sound engineers of 2020",
        "Closed long ago.",
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(days=30),
    )
    response = client.get(reverse("calls:list"), {"q": "engineers"})
    assert _shown(response, "calls") == [open_call.pk]
    assert 'value="engineers"' in response.content.decode()


def test_the_organisations_list_pages_its_matches_and_keeps_the_query_in_links(client):
    for number in range(30):
        _organisation(f"Kulturni center {number}", "A cultural centre.")
    _organisation("Ledger", "Bookkeeping.")
    url = reverse("network:organisation-list")
    first = client.get(url, {"q": "kulturni"})
    second = client.get(url, {"q": "kulturni", "page": 2})
    assert len(first.context["organisations"]) == 25
    assert len(second.context["organisations"]) == 5
    assert set(_shown(first, "organisations")).isdisjoint(_shown(second, "organisations"))
    assert 'href="?q=kulturni&amp;page=2"' in first.content.decode()


def test_the_organisations_list_still_finds_part_of_a_name(client):
    wanted = _organisation("Kreativum Science Center", "Science for children.")
    _organisation("Ledger", "Bookkeeping.")
    response = client.get(reverse("network:organisation-list"), {"q": "kreativ"})
    assert _shown(response, "organisations") == [wanted.pk]


def test_the_organisations_map_shows_what_the_query_finds(client):
    found = _organisation("Lagoon theatre", "Plays.", latitude=46.05, longitude=14.5)
    _organisation("Ledger", "Bookkeeping.", latitude=46.0, longitude=14.0)
    response = client.get(reverse("network:organisation-map-data"), {"q": "lagoon"})
    assert [point["id"] for point in response.json()["points"]] == [found.pk]


@pytest.mark.parametrize("page", PAGES)
def test_a_searched_list_does_not_grow_its_queries_with_the_items(client, page):
    url, make, name = PAGES[page]
    make("Lagoon 0", "Found by its word.")

    def add_more():
        for number in range(1, 5):
            make(f"Lagoon {number}", "Found by its word.")

    _one, several = assert_same_queries(lambda: client.get(reverse(url), {"q": "lagoon"}), add_more)
    assert len(several.context[name]) == 5


def test_the_events_month_shows_what_the_query_finds(client):
    wanted = _event("Lagoon walk", "A walk.")
    _event("Ledger workshop", "Bookkeeping.", starts_at=wanted.starts_at)
    day = wanted.local_start
    url = reverse("events:month", args=[day.year, day.month])
    weeks = client.get(url, {"q": "lagoon"}).context["weeks"]
    shown = [event.pk for week in weeks for cell in week for event in cell["events"]]
    assert sorted(set(shown)) == [wanted.pk]
