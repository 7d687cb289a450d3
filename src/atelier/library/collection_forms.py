"""Forms of collections: the collection itself, adding an item, an item's note."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from atelier.core.languages import language_choices
from atelier.core.pickers import PickerField

from . import queries
from .models import CollectionItem, Resource, Status


class CollectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language of the title and description"),
        help_text=_("Translations can be added later; say which language you write in."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # Programmes are many: typed to be found, the person's own first.
    programme = PickerField("library.curated", label=_("Programme"), required=False)

    def __init__(self, *args, user, collection=None, **kwargs):
        if collection is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": collection.title.text,
                "language": collection.title.language,
                "description": collection.description.text if collection.description else "",
                "programme": collection.programme_id,
            }
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *language_choices()]
        field = self.fields["programme"].for_user(user)
        if queries.curates_everywhere(user):
            field.empty_label = _("None: the whole platform")
            field.help_text = _("The programme whose coordinators and moderators also curate it.")
        else:
            field.required = True
            field.empty_label = None
            field.help_text = _("You curate collections of these programmes.")

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "language": data["language"],
            "description": data["description"],
            "programme": data["programme"],
        }


RESOURCE_ADDRESS = re.compile(r"(?:^|/)(\d+)/?(?:[?#].*)?$")


class AddItemForm(forms.Form):
    resource = forms.CharField(
        label=_("Resource to add"),
        max_length=500,
        help_text=_("The address of a published resource, or its number."),
    )
    note = forms.CharField(
        label=_("Curator's note"),
        required=False,
        max_length=CollectionItem._meta.get_field("note").max_length,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)

    def clean_resource(self):
        value = self.cleaned_data["resource"].strip()
        match = RESOURCE_ADDRESS.search(value)
        if match is None:
            raise forms.ValidationError(
                _("Give the address of a resource in the library, or its number.")
            )
        resource = Resource.objects.filter(pk=int(match.group(1))).first()
        if resource is None or resource.status != Status.PUBLISHED:
            raise forms.ValidationError(_("No published resource has this address or number."))
        return resource


class ItemNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Curator's note"),
        required=False,
        max_length=CollectionItem._meta.get_field("note").max_length,
    )


class ResourceSearchForm(forms.Form):
    q = forms.CharField(label=_("Find published resources by title"), max_length=100)
