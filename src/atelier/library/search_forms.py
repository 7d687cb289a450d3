"""The library's search form: the words, the sort and the page; facets come as lists."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .queries import FACETS

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("downloads", _("Most downloaded")),
]

FACET_LABELS = {
    "kind": _("Type"),
    "theme": _("Theme"),
    "sector": _("Sector"),
    "lang": _("Language"),
    "programme": _("Programme"),
    "licence": _("Licence"),
    "year": _("Year"),
    "country": _("Country"),
}


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search the library"), required=False, max_length=200)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, data=None, **kwargs):
        self.facet_data = data
        super().__init__(data, **kwargs)

    def search_arguments(self):
        """Keyword arguments for ``queries.search``; anything malformed is left out."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        data = self.facet_data
        filters = {}
        if data is not None:
            filters = {name: data.getlist(name) for name in FACETS if data.getlist(name)}
        return {
            "query": cleaned.get("q") or "",
            "sort": cleaned.get("sort") or "relevance",
            "filters": filters,
            "page": data.get("page", 1) if data is not None else 1,
        }
