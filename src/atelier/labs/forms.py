"""Forms of the lab pages."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from atelier.accounts.models import User
from atelier.core.languages import language_choices
from atelier.core.multilingual import MultilingualText
from atelier.core.pickers import PickerField, bind_pickers
from atelier.core.validators import SCHEDULE_YEARS
from atelier.events import queries as event_queries
from atelier.programmes.models import Programme

from . import queries
from .models import MAX_ROUND_MINUTES, MAX_TABLES, NOTE_MAX_LENGTH, Lab, Question


class LabForm(forms.ModelForm):
    title_text = forms.CharField(label=_("Title"), max_length=300)
    content_language = forms.ChoiceField(label=_("Language of the title and description"))
    description_text = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    # Programmes and events are many: typed to be found, the person's own programmes first.
    programme = PickerField("labs.programmes", label=_("Programme"), required=False)
    event = PickerField("labs.events", label=_("Event"), required=False)

    # The lab's address is made from its title (``services.create_lab``): nothing to type.
    class Meta:
        model = Lab
        fields = [
            "programme", "event", "date", "venue", "format", "allow_guests",
            "votes_per_participant", "status",
        ]  # fmt: skip
        widgets = {
            "date": forms.DateInput(
                attrs={
                    "type": "date",
                    "min": f"{SCHEDULE_YEARS.first}-01-01",
                    "max": f"{SCHEDULE_YEARS.last}-12-31",
                },
                format="%Y-%m-%d",
            ),
        }
        help_texts = {
            "date": _("Leave empty for a lab held at an event: the event's date is shown."),
            "venue": _("Leave empty for a lab held at an event: the event's venue is shown."),
        }

    field_order = ["title_text", "content_language", "description_text"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = queries.facilitated_programmes(user)
        if self.instance.programme_id:  # keep the lab's own programme selectable
            programmes = Programme.objects.filter(
                Q(pk__in=programmes.values("pk")) | Q(pk=self.instance.programme_id)
            ).order_by("slug")
        self.fields["programme"].queryset = programmes
        self.fields["event"].queryset = event_queries.events_of_programmes(programmes)
        bind_pickers(self, user)
        self.fields["content_language"].choices = language_choices()
        title = self.instance.title if self.instance.pk else None
        if title:
            self.initial.setdefault("title_text", title.text)
            self.initial.setdefault("content_language", title.language)
            if self.instance.description:
                self.initial.setdefault("description_text", self.instance.description.text)
        self.initial.setdefault("content_language", "en")

    def lab_fields(self):
        """The lab's fields as ``services.create_lab`` and ``update_lab`` take them."""
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        return {**fields, **self.multilingual_values()}

    def multilingual_values(self):
        language = self.cleaned_data["content_language"]
        description = self.cleaned_data.get("description_text") or ""
        return {
            "title": MultilingualText(self.cleaned_data["title_text"], language),
            "description": MultilingualText(description, language if description else ""),
        }


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500)
    language = forms.ChoiceField(label=_("Language of the question"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.initial.setdefault("language", "en")


class QuestionTranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the translation"))
    text = forms.CharField(
        label=_("Translation"),
        max_length=500,
        required=False,
        help_text=_("Leave it empty to remove the translation into this language."),
    )

    def __init__(self, question, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, name) for code, name in language_choices() if code != question.text.language
        ]


class RoundForm(forms.Form):
    question = forms.ModelChoiceField(label=_("Question"), queryset=Question.objects.none())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=MAX_ROUND_MINUTES, initial=20
    )

    def __init__(self, lab, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = lab.questions.all()


class TableForm(forms.Form):
    number = forms.IntegerField(label=_("Table number"), min_value=1, max_value=MAX_TABLES)
    language = forms.ChoiceField(label=_("Language at the table"), required=False)
    host_email = forms.EmailField(
        label=_("Host's e-mail address"),
        required=False,
        help_text=_("A person on Atelier who stays at this table and keeps its notes."),
    )
    video_url = forms.URLField(label=_("Video room"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any"))] + language_choices()

    def clean_host_email(self):
        email = self.cleaned_data.get("host_email")
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No one on Atelier has this e-mail address."))
        return user


class GuestJoinForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("The others at your table see this name next to your notes."),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX_LENGTH}),
    )


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("Theme"), max_length=200)
    notes = forms.MultipleChoiceField(
        label=_("Notes in this theme"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, notes, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].choices = [(str(n.pk), n.text) for n in notes]


class ProposeActionForm(forms.Form):
    """Turns a theme into a proposed action: the theme, then a goal of a plan one may edit."""

    theme = forms.TypedChoiceField(label=_("Theme"), coerce=int)
    goal = forms.TypedChoiceField(
        label=_("Goal of the action plan"),
        coerce=int,
        help_text=_("The goals of the action plans you may edit."),
    )
    title = forms.CharField(
        label=_("Title of the action"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to use the theme's name."),
    )
    language = forms.ChoiceField(label=_("Language of the title and description"))
    description = forms.CharField(
        label=_("Description of the action"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, themes, goals, *args, language="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = {theme.pk: theme for theme in themes}
        self.goals = {goal.pk: goal for goal in goals}
        self.fields["theme"].choices = [(pk, t.name) for pk, t in self.themes.items()]
        by_plan = {}
        for goal in self.goals.values():
            by_plan.setdefault(goal.plan, []).append((goal.pk, str(goal.title)))
        self.fields["goal"].choices = [(str(plan), choices) for plan, choices in by_plan.items()]
        self.fields["language"].choices = language_choices()
        self.initial.setdefault("language", language)

    def clean(self):
        data = super().clean()
        if "theme" in data:
            data["theme"] = self.themes[data["theme"]]
        if "goal" in data:
            data["goal"] = self.goals[data["goal"]]
        return data
