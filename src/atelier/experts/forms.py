"""Forms of the expert pool: the directory's filters and the expert's own profile."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from atelier.core.languages import language_choices
from atelier.core.multilingual import MultilingualText
from atelier.core.validators import SCHEDULE_YEARS
from atelier.core.widgets import Select

from .areas import area_choices
from .models import ExpertProfile, LanguageLevel
from .services import check_cv


def _blank(label):
    return [("", label)]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    area = forms.ChoiceField(label=_("Area of expertise"), required=False, widget=Select)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=Select)
    country = forms.ChoiceField(label=_("Country of experience"), required=False, widget=Select)
    availability = forms.ChoiceField(label=_("Availability"), required=False, widget=Select)
    ecoc = forms.BooleanField(label=_("European Capital of Culture experience"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = _blank(_("All areas")) + area_choices()
        self.fields["language"].choices = _blank(_("All languages")) + language_choices()
        self.fields["country"].choices = _blank(_("All countries")) + list(countries)
        self.fields["availability"].choices = _blank(_("Any availability")) + list(
            ExpertProfile.Availability.choices
        )

    def filters(self):
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


LANGUAGE_ROWS = 6


def _kept(old, text, language):
    """The new biography; translations stay only while the original is unchanged."""
    old = MultilingualText.from_json(old)
    if old.text == text and old.language == language:
        return old
    return MultilingualText(text, language)


class ExpertProfileForm(forms.Form):
    """What an expert says about themselves, and what of it the directory shows."""

    areas = forms.MultipleChoiceField(
        label=_("Areas of expertise"),
        required=False,
        choices=area_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, for example: Creative Europe, crowdfunding, museums."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries of experience"),
        required=False,
        choices=countries,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    ecoc_experience = forms.CharField(
        label=_("European Capital of Culture experience"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bids, programmes, evaluations, legacy work you took part in."),
    )
    ecoc_cities = forms.CharField(
        label=_("European Capitals of Culture you worked with"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, the city then the year: Plovdiv, 2019"),
    )
    availability = forms.ChoiceField(
        label=_("Availability"), choices=ExpertProfile.Availability.choices
    )
    available_from = forms.DateField(
        label=_("Available from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[SCHEDULE_YEARS],
    )
    available_until = forms.DateField(
        label=_("Available until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[SCHEDULE_YEARS],
    )
    daily_rate = forms.DecimalField(
        label=_("Daily rate"), required=False, min_value=0, max_digits=9, decimal_places=2
    )
    currency = forms.CharField(
        label=_("Currency"), required=False, max_length=3, initial="EUR", help_text=_("EUR, PLN…")
    )
    bio_language = forms.ChoiceField(label=_("Language of your biography"), choices=())
    bio = forms.CharField(
        label=_("Biography"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    cv = forms.FileField(
        label=_("CV"),
        required=False,
        help_text=_("PDF, DOCX or ODT. Only you and the coordinators can open it."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )
    remove_cv = forms.BooleanField(label=_("Remove my CV"), required=False)
    is_listed = forms.BooleanField(
        label=_("List me in the public expert directory"), required=False
    )
    visible_fields = forms.MultipleChoiceField(
        label=_("What the directory shows besides your name"),
        required=False,
        choices=ExpertProfile.Visible.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, profile=None, user, **kwargs):
        self.profile = profile
        kwargs.setdefault("initial", self._initial_from(profile, user))
        super().__init__(*args, **kwargs)
        self.fields["bio_language"].choices = language_choices()
        level_choices = [("", _("Level"))] + list(LanguageLevel.choices)
        for row in range(LANGUAGE_ROWS):
            self.fields[f"language_{row}"] = forms.ChoiceField(
                label=_("Language %(number)s") % {"number": row + 1},
                required=False,
                choices=[("", _("No language"))] + language_choices(),
            )
            self.fields[f"level_{row}"] = forms.ChoiceField(
                label=_("Level of language %(number)s") % {"number": row + 1},
                required=False,
                choices=level_choices,
            )

    @staticmethod
    def _initial_from(profile, user):
        if profile is None:
            return {
                "availability": ExpertProfile.Availability.AVAILABLE,
                "currency": "EUR",
                "bio_language": user.preferred_language,
                "visible_fields": [
                    ExpertProfile.Visible.AREAS,
                    ExpertProfile.Visible.LANGUAGES,
                    ExpertProfile.Visible.COUNTRIES,
                ],
            }
        initial = {
            "areas": profile.areas,
            "keywords": ", ".join(profile.keywords),
            "countries": profile.countries,
            "ecoc_experience": profile.ecoc_experience,
            "ecoc_cities": "\n".join(
                f"{entry.get('city', '')}, {entry['year']}" if entry.get("year") else entry["city"]
                for entry in profile.ecoc_cities
            ),
            "availability": profile.availability,
            "available_from": profile.available_from,
            "available_until": profile.available_until,
            "daily_rate": profile.daily_rate,
            "currency": profile.currency,
            "bio_language": profile.bio.language or user.preferred_language,
            "bio": profile.bio.text,
            "is_listed": profile.is_listed,
            "visible_fields": profile.visible_fields,
        }
        for row, entry in enumerate(profile.languages[:LANGUAGE_ROWS]):
            initial[f"language_{row}"] = entry.get("code", "")
            initial[f"level_{row}"] = entry.get("level", "")
        return initial

    @property
    def language_rows(self):
        return [(self[f"language_{row}"], self[f"level_{row}"]) for row in range(LANGUAGE_ROWS)]

    @property
    def fieldsets(self):
        def group(*names):
            return [self[name] for name in names]

        return [
            (_("Expertise"), group("areas", "keywords", "countries")),
            (_("European Capitals of Culture"), group("ecoc_experience", "ecoc_cities")),
            (
                _("Availability and rate"),
                group(
                    "availability", "available_from", "available_until", "daily_rate", "currency"
                ),
            ),
            (_("About you"), group("bio_language", "bio", "cv", "remove_cv")),
            (_("Public directory"), group("is_listed", "visible_fields")),
        ]

    def clean_keywords(self):
        return [word.strip() for word in self.cleaned_data["keywords"].split(",") if word.strip()]

    def clean_cv(self):
        upload = self.cleaned_data.get("cv")
        # Checked here so the error sits beside the field; the service takes the checked file.
        return check_cv(upload) if upload else None

    def clean_currency(self):
        currency = self.cleaned_data["currency"].strip().upper()
        if currency and not (len(currency) == 3 and currency.isalpha()):
            raise forms.ValidationError(_("Give the currency as three letters, like EUR."))
        return currency or "EUR"

    def clean_ecoc_cities(self):
        cities = []
        for number, line in enumerate(self.cleaned_data["ecoc_cities"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            city, _comma, year = line.rpartition(",")
            if not city:
                city, year = year, ""
            year = year.strip()
            if year and not (year.isdigit() and 1985 <= int(year) <= 2100):
                raise forms.ValidationError(
                    _("Line %(number)s: the year must be one like 2019 (from 1985 on)."),
                    params={"number": number},
                )
            cities.append({"city": city.strip()[:120], "year": int(year) if year else None})
        return cities

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("available_from"), cleaned.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", _("The end of availability is before its start."))
        languages = []
        for row in range(LANGUAGE_ROWS):
            code, level = cleaned.get(f"language_{row}"), cleaned.get(f"level_{row}")
            if code:
                languages.append({"code": code, "level": level or ""})
            elif level:
                self.add_error(f"language_{row}", _("Choose the language of this level."))
        cleaned["languages"] = languages
        if cleaned.get("cv") and cleaned.get("remove_cv"):
            self.add_error("remove_cv", _("Either upload a new CV or remove it, not both."))
        return cleaned

    def profile_data(self):
        data = self.cleaned_data
        return {
            "areas": data["areas"],
            "keywords": data["keywords"],
            "languages": data["languages"],
            "countries": data["countries"],
            "ecoc_experience": data["ecoc_experience"],
            "ecoc_cities": data["ecoc_cities"],
            "availability": data["availability"],
            "available_from": data["available_from"],
            "available_until": data["available_until"],
            "daily_rate": data["daily_rate"],
            "currency": data["currency"],
            "bio": _kept(
                self.profile.bio if self.profile else None, data["bio"], data["bio_language"]
            )
            if data["bio"]
            else MultilingualText(),
            "is_listed": data["is_listed"],
            "visible_fields": data["visible_fields"],
        }
