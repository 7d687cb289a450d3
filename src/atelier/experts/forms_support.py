"""Forms of support requests, missions, consultation offers and consultation requests."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from atelier.core.languages import language_choices
from atelier.core.pickers import PickerField, bind_pickers
from atelier.core.validators import SCHEDULE_YEARS
from atelier.library import queries as library_queries
from atelier.programmes.models import Programme

from .areas import area_choices
from .models import ConsultationOffer, Format


def _blank(label):
    return [("", label)]


def _text(value):
    """The text of a multilingual value as the form shows it for editing (its original)."""
    return getattr(value, "text", value or "")


class DateInput(forms.DateInput):
    input_type = "date"


class SupportRequestForm(forms.Form):
    organisation_name = forms.CharField(label=_("Organisation or city team"), max_length=200)
    # Programmes and organisations are many: typed to be found, not listed.
    programme = PickerField("programmes", label=_("Programme"), required=False)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("What do you need?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("The situation, the questions, what the expert should deliver."),
    )
    areas = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=area_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=language_choices,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        required=False,
    )
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    needs_ecoc_experience = forms.BooleanField(
        label=_("European Capital of Culture experience wanted"), required=False
    )
    starts_on = forms.DateField(
        label=_("From"), required=False, widget=DateInput, validators=[SCHEDULE_YEARS]
    )
    ends_on = forms.DateField(
        label=_("Until"), required=False, widget=DateInput, validators=[SCHEDULE_YEARS]
    )
    budget = forms.DecimalField(
        label=_("Budget"), required=False, min_value=0, max_digits=11, decimal_places=2
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR", required=False)

    def __init__(self, *args, instance=None, user=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "organisation_name": instance.organisation_name,
                "programme": instance.programme_id,
                "title": _text(instance.title),
                "description": _text(instance.description),
                "areas": instance.areas,
                "languages": instance.languages,
                "format": instance.format,
                "place": instance.place,
                "country": instance.country.code or "",
                "needs_ecoc_experience": instance.needs_ecoc_experience,
                "starts_on": instance.starts_on,
                "ends_on": instance.ends_on,
                "budget": instance.budget,
                "currency": instance.currency,
            }
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _blank(_("No country")) + list(countries)
        programme = self.fields["programme"].for_user(user)
        if instance is not None and instance.programme_id:  # kept, whatever became of it
            programme.queryset |= Programme.objects.filter(pk=instance.programme_id)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date comes before the start date."))
        return data

    def fields_for_service(self):
        data = dict(self.cleaned_data)
        data["currency"] = (data.get("currency") or "EUR").upper()
        return data


class AssignForm(forms.Form):
    experts = forms.MultipleChoiceField(
        label=_("Experts to propose"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].choices = [
            (str(match.expert.pk), match.expert.user.display_name_or_fallback) for match in matches
        ]


class AnswerMissionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeliverForm(forms.Form):
    deliverables = forms.CharField(
        label=_("What you delivered"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Workshops held, reports written, recommendations, links."),
    )


RATING_CHOICES = [(str(n), str(n)) for n in range(5, 0, -1)]


class EvaluateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating (5 is best)"), choices=RATING_CHOICES, coerce=int
    )
    feedback = forms.CharField(
        label=_("Feedback"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )


class PublishOutputForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    abstract = forms.CharField(
        label=_("Summary"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=library_queries.kind_choices(
            "document", "toolkit", "guide", "case-study", "presentation"
        ),
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=library_queries.licence_choices(),
        initial="cc-by",
    )
    file = forms.FileField(
        label=_("File"), help_text=_("The report, toolkit or slides (PDF, DOCX, ODT, PPTX…).")
    )

    def fields_for_service(self):
        return {key: self.cleaned_data[key] for key in ("title", "abstract", "kind", "licence")}


class OfferForm(forms.Form):
    organisation = PickerField(
        "network.organisations",
        label=_("Organisation"),
        help_text=_("The organisation from the network directory that offers the consultation."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=ConsultationOffer.Topic.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.MultipleChoiceField(
        label=_("Areas of expertise"),
        choices=area_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=language_choices,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        required=False,
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Cost, duration, who may ask, what to prepare."),
    )
    is_active = forms.BooleanField(label=_("Active: people can ask for it"), required=False)

    def __init__(self, *args, instance=None, user=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "organisation": instance.organisation_id,
                "title": _text(instance.title),
                "description": _text(instance.description),
                "topics": instance.topics,
                "areas": instance.areas,
                "format": instance.format,
                "languages": instance.languages,
                "conditions": instance.conditions,
                "is_active": instance.is_active,
            }
        elif instance is None:
            kwargs.setdefault("initial", {"is_active": True})
        super().__init__(*args, **kwargs)
        bind_pickers(self, user)


class OfferFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = _blank(_("All topics")) + list(
            ConsultationOffer.Topic.choices
        )
        self.fields["format"].choices = _blank(_("Any format")) + list(Format.choices)
        self.fields["language"].choices = _blank(_("All languages")) + language_choices()

    def filters(self):
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class ConsultationRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who you are and what you would like advice on."),
    )


class OffererStepForm(forms.Form):
    step = forms.ChoiceField(
        choices=[(s, s) for s in ("answer", "accept", "decline", "start", "deliver")],
        widget=forms.HiddenInput,
    )
    answer = forms.CharField(
        label=_("Message to the requester"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
