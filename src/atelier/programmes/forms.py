"""Forms of programmes: list filters, the programme and its translations, partners, team
invitations, ending a programme, import uploads."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from atelier.accounts.roles import Role
from atelier.core import uploads
from atelier.core.languages import language_choices
from atelier.core.models import Theme
from atelier.core.multilingual import HUMAN, MultilingualText
from atelier.core.pickers import PickerField
from atelier.core.widgets import Select

from .importer import SUPPORTED_EXTENSIONS, max_rows
from .models import FundingProgramme, Partner, Programme, Status
from .services import TEAM_ROLES
from .services.programmes import FIELDS

IMPORT_MAX_BYTES = getattr(settings, "ATELIER_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
LOGO_MAX_BYTES = getattr(settings, "ATELIER_LOGO_MAX_BYTES", 5 * 1024 * 1024)
LOGO_SIDE = 600
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})


class ProgrammeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    funding = forms.ChoiceField(label=_("Funding programme"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    country = forms.ChoiceField(label=_("Partner country"), required=False, widget=Select)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding"].choices = [("", _("All funding programmes"))] + list(
            FundingProgramme.choices
        )
        self.fields["status"].choices = [("", _("Any status"))] + list(Status.choices)
        self.fields["theme"].choices = [("", _("All themes"))] + [
            (t.slug, t.label) for t in Theme.objects.all()
        ]
        self.fields["country"].choices = [("", _("All countries"))] + list(countries)

    def filters(self):
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class TranslationForm(forms.Form):
    """The title and description of a programme in one more language."""

    language = forms.ChoiceField(label=_("Language"), required=False)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    by = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Choose a language"))] + language_choices()

    def clean(self):
        data = super().clean()
        if (data.get("title") or data.get("description")) and not data.get("language"):
            self.add_error("language", _("Say which language this translation is in."))
        if data.get("language") and not data.get("title") and not data.get("DELETE"):
            self.add_error("title", _("Give the title in this language, or leave the row empty."))
        return data


class BaseTranslationFormSet(forms.BaseFormSet):
    def __init__(self, *args, original_language="", **kwargs):
        self.original_language = original_language
        super().__init__(*args, **kwargs)

    def clean(self):
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            language = form.cleaned_data.get("language")
            if not language:
                continue
            if language == self.original_language:
                form.add_error(
                    "language", _("This is the language of the texts above, not a translation.")
                )
            elif language in seen:
                form.add_error("language", _("There is already a translation into this language."))
            seen.add(language)

    def translations(self):
        """``{"title": {lang: entry}, "description": {lang: entry}}`` for MultilingualText."""
        result = {"title": {}, "description": {}}
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if data.get("DELETE") or not data.get("language") or not data.get("title"):
                continue
            # A translation left as it was keeps saying who made it (a machine, say).
            by = data.get("by") if not form.has_changed() and data.get("by") else HUMAN
            result["title"][data["language"]] = {"text": data["title"], "by": by}
            if data.get("description"):
                result["description"][data["language"]] = {"text": data["description"], "by": by}
        return result


TranslationFormSet = forms.formset_factory(
    TranslationForm, formset=BaseTranslationFormSet, extra=1, can_delete=True, max_num=30
)


class ProgrammeForm(forms.ModelForm):
    """A programme as its coordinators create and edit it; translations in ``self.translations``."""

    content_language = forms.ChoiceField(label=_("Language of the title and description"))
    title_text = forms.CharField(label=_("Title"), max_length=300)
    description_text = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    themes = ThemeChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    state = forms.ChoiceField(
        label=_("Visibility"),
        choices=[
            (Programme.State.DRAFT, _("Draft: only the programme's team sees it")),
            (Programme.State.PUBLISHED, _("Published: everyone sees it")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Programme
        # The fields the history records, but the texts (drawn with their translations).
        fields = [name for name in FIELDS if name not in ("title", "description")] + ["themes"]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "total_budget": MONEY,
            "eu_contribution": MONEY,
            "cofinancing_rate": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100"}),
        }

    field_order = ["title_text", "acronym", "content_language", "description_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_language"].choices = language_choices()
        self.fields["identifier"].help_text = _(
            "The grant agreement or project number, when the programme has one."
        )
        self.fields["cofinancing_rate"].help_text = _(
            "As the grant agreement states it; the page also shows the rate computed from the "
            "amounts."
        )
        programme = self.instance
        translations = []
        if programme.pk:
            self.initial.setdefault("title_text", programme.title.text)
            self.initial.setdefault("content_language", programme.title.language or "en")
            self.initial.setdefault("description_text", programme.description.text)
            for language, entry in sorted(programme.title.translations.items()):
                description = programme.description.translations.get(language, {})
                translations.append(
                    {
                        "language": language,
                        "title": entry.get("text", ""),
                        "description": description.get("text", ""),
                        "by": entry.get("by", HUMAN),
                    }
                )
        else:
            self.initial.setdefault("state", Programme.State.DRAFT)
            del self.fields["remove_logo"]
        self.initial.setdefault("content_language", "en")
        original = (self.data.get("content_language") if self.is_bound else None) or (
            self.initial.get("content_language")
        )
        self.translations = TranslationFormSet(
            self.data if self.is_bound else None,
            prefix="tr",
            initial=translations,
            original_language=original,
        )

    def is_valid(self):
        valid = super().is_valid()
        return self.translations.is_valid() and valid

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        return uploads.clean_picture(
            upload,
            max_bytes=LOGO_MAX_BYTES,
            side=LOGO_SIDE,
            stem="logo",
            output="jpeg-or-png",
            quality=88,
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The programme cannot end before it starts."))
        total, contribution = data.get("total_budget"), data.get("eu_contribution")
        if total is not None and contribution is not None and contribution > total:
            self.add_error(
                "eu_contribution", _("The contribution cannot be larger than the total budget.")
            )
        for name in ("total_budget", "eu_contribution"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("An amount cannot be negative."))
        rate = data.get("cofinancing_rate")
        if rate is not None and not 0 <= rate <= 100:
            self.add_error("cofinancing_rate", _("A rate is between 0 and 100 %."))
        return data

    def values(self):
        """What the services take: the model's fields, the texts with their translations."""
        data = self.cleaned_data
        language = data["content_language"]
        translations = self.translations.translations()
        values = {name: data[name] for name in self._meta.fields if name != "themes"}
        values["identifier"] = values["identifier"] or None
        values["title"] = MultilingualText(data["title_text"], language, translations["title"])
        description = data.get("description_text") or ""
        values["description"] = MultilingualText(
            description,
            language if description else "",
            translations["description"] if description else {},
        )
        return values


def _budget_field():
    return forms.DecimalField(
        label=_("Partner budget (EUR)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=MONEY,
    )


class PartnerForm(forms.Form):
    """A partner added: an organisation of the directory, or a new one typed on the spot."""

    organisation = PickerField(
        "network.organisations",
        label=_("Organisation from the directory"),
        required=False,
        search_label=_("Find an organisation by name, acronym or city"),
    )
    new_name = forms.CharField(label=_("Name"), max_length=300, required=False)
    new_country = forms.ChoiceField(label=_("Country"), required=False, widget=Select)
    new_city = forms.CharField(label=_("City"), max_length=120, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Partner.Role.choices)
    budget = _budget_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_country"].choices = [("", _("Choose a country"))] + list(countries)
        self.initial.setdefault("role", Partner.Role.PARTNER)

    def clean(self):
        data = super().clean()
        organisation, name = data.get("organisation"), (data.get("new_name") or "").strip()
        if organisation and name:
            self.add_error(
                "new_name",
                _("Choose an organisation from the directory or type a new one, not both."),
            )
        elif not organisation and not name and "organisation" not in self.errors:
            self.add_error(
                "organisation", _("Choose an organisation, or type the name of a new one below.")
            )
        elif name and not data.get("new_country"):
            self.add_error("new_country", _("Say in which country the new organisation is."))
        data["new_name"] = name
        return data


class PartnerEditForm(forms.Form):
    """A partner's role and budget corrected."""

    role = forms.ChoiceField(label=_("Role"), choices=Partner.Role.choices)
    budget = _budget_field()


class TeamInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "Someone already on Atelier gets the role at once. Anyone else gets an invitation "
            "by e-mail and the role once they sign up or log in with this address."
        ),
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, Role(r).label) for r in TEAM_ROLES]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class EndProgrammeForm(forms.Form):
    kept_by = forms.CharField(
        label=_("Who keeps these pages"),
        max_length=300,
        help_text=_(
            "An organisation or a person, and how to reach them: the pages say it once the "
            "programme has ended."
        ),
    )


class CreatorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Projects export"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xls,.xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "The Commission's “Projects Overview” export as .xls, .xlsx or .csv, with at most "
            "%(rows)s projects (rows) and %(size)s. You will see what changes before anything "
            "is saved."
        ) % {
            "rows": number_format(max_rows(), force_grouping=True),
            "size": filesizeformat(IMPORT_MAX_BYTES),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s). The limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(IMPORT_MAX_BYTES)}
            )
        name = upload.name.lower()
        if not name.endswith(SUPPORTED_EXTENSIONS):
            raise forms.ValidationError(_("Upload an .xls, .xlsx or .csv file."))
        head = upload.read(8)
        upload.seek(0)
        # Sniff the content, not the name: OLE2 (.xls), ZIP (.xlsx), or text (.csv).
        if name.endswith(".xls") and not head.startswith(b"\xd0\xcf\x11\xe0"):
            raise forms.ValidationError(_("This file is not an .xls spreadsheet."))
        if name.endswith(".xlsx") and not head.startswith(b"PK"):
            raise forms.ValidationError(_("This file is not an .xlsx spreadsheet."))
        if name.endswith(".csv") and b"\x00" in head:
            raise forms.ValidationError(_("This file is not a CSV text file."))
        return upload
