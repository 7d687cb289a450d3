"""What each app indexes: apps register a ``Source`` in their ``hooks``; the search app reads
them from here and never names an app.

A source says which model it indexes, which of its rows anyone may see (``public``), and how a
row reads as a ``Document``. Saving or deleting a row of the model brings its entry up to date
in the same transaction, so an unpublished or deleted item leaves the results at once.

Apps list their items by meaning through ``find`` (a kind's own listing: query, facet filters,
sort, page, facet counts, snippets) and ``rank`` (a kind's items matching a query, best first),
and scores its items' closeness in meaning to a text (``semantic_scores``, the experts'
matching), which the search app answers; so an app asks the search without importing it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from atelier.core.multilingual import MultilingualText


@dataclass
class Document:
    """One item as the index reads it."""

    title: MultilingualText
    url: str
    summary: MultilingualText | None = None
    # Longer text searched by words and by meaning in chunks (a file's text, a description).
    body: str = ""
    # Words found by keyword only (names of authors, partners, places).
    keywords: str = ""
    # Short card details, shown as they are ("Maribor, Slovenia", "12 June 2026").
    details: list[str] = field(default_factory=list)
    # What a list filters on and counts: facet name -> values ({"kind": ["toolkit"]}).
    facets: dict[str, list[str]] = field(default_factory=dict)
    # The item's date, for "newest first" (a resource's publication).
    date: datetime | None = None


@dataclass(frozen=True)
class Source:
    kind: str
    label: object  # a lazy translation, e.g. _("Resources")
    model: type
    public: Callable  # () -> queryset of what anyone may see
    document: Callable  # (instance) -> Document
    # Other models whose change changes an item: model -> (instance -> ids of items).
    related: dict = field(default_factory=dict)
    # The facets ``find`` filters on and counts, in the order a page shows them, and how their
    # values read: (values by facet) -> ((facet, value) -> label).
    facets: tuple = ()
    facet_labels: Callable | None = None
    # Orders besides relevance and newest: name -> () -> queryset of the model's rows in that
    # order, of which those the index holds are kept (for what changes too often to be
    # indexed, such as download counts).
    orders: dict = field(default_factory=dict)


_SOURCES: dict[str, Source] = {}
_ENGINE: dict[str, Callable] = {}


def register(source):
    _SOURCES[source.kind] = source


def sources():
    return dict(_SOURCES)


def source(kind):
    return _SOURCES[kind]


def sources_for(model):
    """(source, ids_of) for each source the model's rows concern: ``ids_of`` is None when the
    model is the source's own, else how a row names the items it changes."""
    for item in _SOURCES.values():
        if item.model is model:
            yield item, None
        elif model in item.related:
            yield item, item.related[model]


def register_engine(**functions):
    """The search app hands over ``find``, ``rank``, ``refresh`` and ``semantic_scores`` when
    it starts."""
    _ENGINE.update(functions)


def find(kind, **arguments):
    """One page of a kind's items for its own list: see ``atelier.search.services.find``."""
    return _ENGINE["find"](kind, **arguments)


def rank(kind, query):
    """Ids of a kind's items matching ``query`` by meaning or by words, best first."""
    return _ENGINE["rank"](kind, query)


def matching(queryset, kind, query, *, also=None):
    """Ids of ``queryset`` (a list's items, as its reader may see them, its own filters
    applied) that match ``query``: the search's matches best first, then those the condition
    ``also`` finds that the search did not (a name typed in part), in the list's own order."""
    from django.db.models import Q

    ranked = rank(kind, query)
    condition = Q(pk__in=ranked)
    if also is not None:
        condition |= also
    found = dict.fromkeys(queryset.filter(condition).values_list("pk", flat=True))
    position = {pk: number for number, pk in enumerate(ranked)}
    return sorted(found, key=lambda pk: position.get(pk, len(position)))


def list_page(queryset, kind, query, number, per_page, *, also=None):
    """Page ``number`` of a list's items: with a ``query``, of ``matching`` (a Paginator page
    whose ``object_list`` holds the items of ``queryset``, with what it loads along, in that
    order); without one, of ``queryset`` as it is."""
    from django.core.paginator import Paginator

    if not (query or "").strip():
        return Paginator(queryset, per_page).get_page(number)
    page = Paginator(matching(queryset, kind, query, also=also), per_page).get_page(number)
    items = {item.pk: item for item in queryset.filter(pk__in=list(page.object_list))}
    page.object_list = [items[pk] for pk in page.object_list if pk in items]
    return page


def refresh(kind, object_id):
    """Bring one item's entry up to date after a change no signal tells of (a bulk insert)."""
    return _ENGINE["refresh"](kind, object_id)


def semantic_scores(text, *, kind, object_ids):
    """{object id: similarity of ``text`` to that item} for items of ``kind``, by meaning."""
    return _ENGINE["semantic_scores"](text, kind=kind, object_ids=object_ids)
