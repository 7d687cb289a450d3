"""What each app indexes: apps register a ``Source`` in their ``hooks``; the search app never
names them.

A source says which model it indexes, which of its rows anyone may see (``public``), and how a
row reads as a ``Document``. Saving or deleting a row of the model brings its entry up to date
in the same transaction, so an unpublished or deleted item leaves the results at once.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models.signals import post_delete, post_save

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


@dataclass(frozen=True)
class Source:
    kind: str
    label: object  # a lazy translation, e.g. _("Resources")
    model: type
    public: Callable  # () -> queryset of what anyone may see
    document: Callable  # (instance) -> Document
    # Other models whose change changes an item: model -> (instance -> ids of items).
    related: dict = field(default_factory=dict)


_SOURCES: dict[str, Source] = {}


def register(source):
    _SOURCES[source.kind] = source


def sources():
    return dict(_SOURCES)


def source(kind):
    return _SOURCES[kind]


def connect_signals():
    post_save.connect(_saved, dispatch_uid="atelier.search.saved")
    post_delete.connect(_deleted, dispatch_uid="atelier.search.deleted")


def _sources_for(model):
    for item in _SOURCES.values():
        if item.model is model:
            yield item, None
        elif model in item.related:
            yield item, item.related[model]


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from . import services

    for item, ids_of in _sources_for(sender):
        for object_id in [instance.pk] if ids_of is None else ids_of(instance):
            services.refresh(item.kind, object_id)


def _deleted(sender, instance, **kwargs):
    from . import services

    for item, ids_of in _sources_for(sender):
        if ids_of is None:
            services.remove(item.kind, instance.pk)
        else:
            for object_id in ids_of(instance):
                services.refresh(item.kind, object_id)
