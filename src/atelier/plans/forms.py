"""Forms of the plan pages: plans, goals, actions, indicators, measurements, progress, CSV."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from atelier.accounts.models import User
from atelier.core.languages import language_choices
from atelier.core.multilingual import MultilingualText
from atelier.core.pickers import PickerField, bind_pickers
from atelier.network.queries import organisations
from atelier.programmes.models import Programme

from .models import Action, ActionStatus, Goal, Indicator, Plan
from .services import CSV_MAX_BYTES, CSV_MAX_ROWS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(form, name, language_field="content_language"):
    text = form.cleaned_data.get(name) or ""
    return MultilingualText(text, form.cleaned_data[language_field] if text else "")


def _keep_translations(old, new):
    """An edit in the same language keeps translations only when the text did not change."""
    if old and new and old.language == new.language and old.text == new.text:
        return old
    return new


class EmailListField(forms.CharField):
    """E-mail addresses of people on Atelier, separated by commas."""

    def clean(self, value):
        value = super().clean(value)
        emails = [part.strip() for part in (value or "").replace(";", ",").split(",")]
        emails = [e for e in emails if e]
        users = list(User.objects.filter(email__in=emails, is_active=True))
        found = {u.email.lower() for u in users}
        missing = [e for e in emails if e.lower() not in found]
        if missing:
            raise forms.ValidationError(
                _("No one on Atelier has these e-mail addresses: %(emails)s."),
                params={"emails": ", ".join(missing)},
            )
        return users


class MultilingualFormMixin:
    multilingual = {}  # form field -> model field

    def init_multilingual(self, instance):
        self.fields["content_language"].choices = language_choices()
        first = None
        for field, attr in self.multilingual.items():
            value = getattr(instance, attr, None)
            if value:
                self.initial.setdefault(field, value.text)
                first = first or value.language
        self.initial.setdefault("content_language", first or "en")

    def multilingual_values(self, instance):
        return {
            attr: _keep_translations(getattr(instance, attr, None), _text(self, field))
            for field, attr in self.multilingual.items()
        }


class PlanForm(MultilingualFormMixin, forms.ModelForm):
    multilingual = {"title_text": "title", "description_text": "description"}
    title_text = forms.CharField(label=_("Title"), max_length=300)
    content_language = forms.ChoiceField(label=_("Language of the title and description"))
    description_text = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    manager_emails = EmailListField(
        label=_("Plan managers"),
        required=False,
        max_length=2000,
        help_text=_("E-mail addresses of the people on Atelier who edit this plan, by commas."),
    )
    # Programmes and organisations are many: typed to be found, not listed.
    programme = PickerField("programmes.coordinated", label=_("Programme"), required=False)
    organisation = PickerField(
        "network.organisations", label=_("City or organisation"), required=False
    )

    class Meta:
        model = Plan
        fields = [
            "slug", "programme", "organisation", "place", "visibility", "status", "starts_on",
            "ends_on",
        ]  # fmt: skip
        widgets = {"starts_on": DATE, "ends_on": DATE}

    field_order = ["title_text", "content_language", "description_text", "slug"]

    def __init__(self, *args, programmes, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_multilingual(self.instance)
        self.fields["programme"].queryset = programmes
        self.fields["organisation"].queryset = organisations()
        bind_pickers(self, user)
        self.fields["slug"].help_text = _("Used in the page's address, e.g. sme-growth-2026.")
        if self.instance.pk:
            self.initial.setdefault(
                "manager_emails", ", ".join(self.instance.managers.values_list("email", flat=True))
            )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The period must end after it starts."))
        return data

    def service_fields(self):
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields}
        fields.update(self.multilingual_values(self.instance))
        return fields


class GoalForm(MultilingualFormMixin, forms.Form):
    multilingual = {"title_text": "title", "description_text": "description"}
    title_text = forms.CharField(label=_("Title"), max_length=1000)
    content_language = forms.ChoiceField(label=_("Language of the title and description"))
    description_text = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, required=False)

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance or Goal()
        self.init_multilingual(self.instance)
        if instance is not None:
            self.initial.setdefault("position", instance.position)


class ActionForm(MultilingualFormMixin, forms.ModelForm):
    multilingual = {"title_text": "title", "description_text": "description"}
    title_text = forms.CharField(label=_("Title"), max_length=1000)
    content_language = forms.ChoiceField(label=_("Language of the title and description"))
    description_text = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=Goal.objects.none())
    owner_emails = EmailListField(
        label=_("Owners on Atelier"),
        required=False,
        max_length=2000,
        help_text=_("E-mail addresses, by commas. Owners post the action's progress updates."),
    )

    class Meta:
        model = Action
        fields = [
            "owner_text", "partners", "partner_text", "starts_on", "due_on", "status",
            "progress", "budget", "funding_source", "source_label", "source_url", "position",
        ]  # fmt: skip
        widgets = {
            "starts_on": DATE,
            "due_on": DATE,
            "partners": forms.SelectMultiple(attrs={"size": 6}),
        }

    field_order = ["goal", "title_text", "content_language", "description_text", "owner_emails"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_multilingual(self.instance)
        self.fields["goal"].queryset = plan.goals.order_by("position", "pk")
        self.fields["partners"].queryset = organisations()
        self.fields["progress"].widget.attrs.update(min=0, max=100)
        self.fields["position"].required = False
        if self.instance.pk:
            self.initial.setdefault("goal", self.instance.goal_id)
            self.initial.setdefault(
                "owner_emails", ", ".join(self.instance.owners.values_list("email", flat=True))
            )

    def clean_progress(self):
        value = self.cleaned_data["progress"]
        if value is not None and not 0 <= value <= 100:
            raise forms.ValidationError(_("Progress is a percentage from 0 to 100."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("due_on") and data["due_on"] < data["starts_on"]:
            self.add_error("due_on", _("The due date must not be before the start."))
        return data

    def service_fields(self):
        data = self.cleaned_data
        fields = {
            name: data[name] for name in self.Meta.fields if name not in ("partners", "position")
        }
        if data.get("position") is not None:
            fields["position"] = data["position"]
        fields.update(self.multilingual_values(self.instance))
        return fields


class IndicatorForm(MultilingualFormMixin, forms.ModelForm):
    multilingual = {"name_text": "name"}
    name_text = forms.CharField(label=_("Name"), max_length=500)
    content_language = forms.ChoiceField(label=_("Language of the name"))

    class Meta:
        model = Indicator
        fields = ["goal", "unit", "baseline", "target", "position"]

    field_order = ["name_text", "content_language", "goal"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_multilingual(self.instance)
        self.fields["goal"].queryset = plan.goals.order_by("position", "pk")
        self.fields["position"].required = False

    def service_fields(self):
        data = self.cleaned_data
        fields = {name: data[name] for name in ("goal", "unit", "baseline", "target")}
        if data.get("position") is not None:
            fields["position"] = data["position"]
        fields.update(self.multilingual_values(self.instance))
        return fields


class MeasurementForm(forms.Form):
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=2)
    measured_on = forms.DateField(label=_("Measured on"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ProgressUpdateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    comment = forms.CharField(
        label=_("What happened"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "UTF-8, with the same columns as the export. At most %(rows)s rows and %(size)s."
        ) % {
            "rows": number_format(CSV_MAX_ROWS, force_grouping=True),
            "size": filesizeformat(CSV_MAX_BYTES),
        }


def editable_programmes(user):
    from .queries import _coordination

    platform, ids = _coordination(user)
    programmes = Programme.objects.order_by("slug")
    return programmes if platform else programmes.filter(pk__in=ids)
