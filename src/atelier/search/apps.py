"""One search across everything, in every language."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "atelier.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from atelier.core import search_registry

        from . import signals

        signals.connect_signals()
        search_registry.register_engine(
            find=_find, rank=_rank, refresh=_refresh, semantic_scores=_semantic_scores
        )


# The services load the vector and keyword engines: not before a search asks for them.
def _find(kind, **arguments):
    from . import services

    return services.find(kind, **arguments)


def _rank(kind, query):
    from . import services

    return services.rank(kind, query)


def _refresh(kind, object_id):
    from . import services

    return services.refresh(kind, object_id)


def _semantic_scores(text, *, kind, object_ids):
    from . import services

    return services.semantic_scores(text, kind=kind, object_ids=object_ids)
