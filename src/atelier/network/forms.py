"""Filters for the directories, and the contact form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from atelier.core.languages import language_choices
from atelier.core.models import Theme
from atelier.core.pickers import PickerField, bind_pickers
from atelier.core.widgets import Select

from . import queries
from .models import Organisation, Sector


def _blank(label):
    return [("", label)]


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=Select)
    kind = forms.ChoiceField(label=_("Type"), required=False, widget=Select)
    sector = forms.ChoiceField(label=_("Sector"), required=False, widget=Select)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _blank(_("All countries")) + list(countries)
        self.fields["kind"].choices = _blank(_("All types")) + list(Organisation.Kind.choices)
        self.fields["sector"].choices = _blank(_("All sectors")) + [
            (s.slug, s.label) for s in Sector.objects.all()
        ]
        # Programmes are many (imports bring thousands): typed to be found, not listed.
        if queries.programme_picker():
            self.fields["programme"] = PickerField(
                queries.programme_picker(),
                label=_("Programme"),
                required=False,
                to_field_name="slug",
                empty_label=_("All programmes"),
            )
            bind_pickers(self, user)

    def filters(self):
        if not self.is_valid():
            return {}
        filters = {k: v for k, v in self.cleaned_data.items() if v}
        if "programme" in filters:
            filters["programme"] = filters["programme"].slug
        return filters


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=Select)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=Select)
    interest = forms.ChoiceField(label=_("Interest"), required=False, widget=Select)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _blank(_("All countries")) + list(countries)
        self.fields["language"].choices = _blank(_("All languages")) + language_choices()
        self.fields["interest"].choices = _blank(_("All interests")) + [
            (t.slug, t.label) for t in Theme.objects.all()
        ]

    def filters(self):
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class ContactForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The person receives your message by e-mail with your address to reply to. "
            "Their address stays hidden from you."
        ),
    )
