"""The search box and its filters, read from a shareable query string."""

from django import forms
from django.utils.translation import gettext_lazy as _

from atelier.core import search_registry as registry
from atelier.core.languages import CONTENT_LANGUAGES


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search everything"), max_length=200, required=False)
    type = forms.MultipleChoiceField(label=_("Type"), required=False)
    lang = forms.MultipleChoiceField(
        label=_("Language"), required=False, choices=[(code, code) for code in CONTENT_LANGUAGES]
    )
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [
            (kind, source.label) for kind, source in registry.sources().items()
        ]

    def search_arguments(self):
        if not self.is_valid():
            # A bad filter or page is dropped, the words are kept.
            return {"query": (self.data.get("q") or "")[:200]}
        data = self.cleaned_data
        return {
            "query": data["q"],
            "kinds": data["type"],
            "languages": data["lang"],
            "page": data["page"] or 1,
        }
