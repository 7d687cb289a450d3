"""Forms of calls: the coordinators' call, question and criterion forms, applying, scoring."""

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from atelier.accounts.rules import is_coordinator
from atelier.core.languages import language_choices
from atelier.core.multilingual import MultilingualText
from atelier.core.pickers import PickerField, bind_pickers
from atelier.core.validators import SCHEDULE_YEARS
from atelier.events import queries as event_queries
from atelier.programmes import queries as programme_queries
from atelier.programmes.models import Programme

from .models import MAX_REVIEWS_PER_APPLICATION, Call, Criterion, Question
from .services import MAX_MESSAGE_LENGTH, expertise_areas

DATETIME_INPUT = forms.DateTimeInput(
    attrs={
        "type": "datetime-local",
        "step": 60,
        "min": f"{SCHEDULE_YEARS.first}-01-01T00:00",
        "max": f"{SCHEDULE_YEARS.last}-12-31T23:59",
    },
    format="%Y-%m-%dT%H:%M",
)


def _zone_choices():
    return [(zone, zone.replace("_", " ")) for zone in sorted(zoneinfo.available_timezones())]


def replace_original(current, text, language):
    """A multilingual text with a new original, keeping translations into other languages."""
    current = MultilingualText.from_json(current)
    translations = {k: v for k, v in current.translations.items() if k != language}
    return MultilingualText(text, language, translations)


class CallForm(forms.ModelForm):
    """A call's settings; opening and closing times are typed in the call's own time zone."""

    title_text = forms.CharField(label=_("Title"), max_length=300)
    content_language = forms.ChoiceField(label=_("Language of the texts"), initial="en")
    description_text = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    eligibility_text = forms.CharField(
        label=_("Who may apply"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    # Programmes and events are many: typed to be found, the person's own programmes first.
    programme = PickerField("programmes.coordinated", label=_("Programme"), required=False)
    event = PickerField(
        "events.upcoming",
        label=_("Event"),
        required=False,
        help_text=Call._meta.get_field("event").help_text,
    )

    class Meta:
        model = Call
        fields = [
            "type",
            "programme",
            "event",
            "time_zone",
            "opens_at",
            "closes_at",
            "places",
            "reviews_per_application",
            "reviewers_see_others_after_submitting",
        ]
        widgets = {"opens_at": DATETIME_INPUT, "closes_at": DATETIME_INPUT}

    field_order = ["title_text", "content_language", "description_text", "eligibility_text"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        data = self.data if self.is_bound else {}
        self.zone_name = data.get("time_zone") or self.instance.time_zone or "Europe/Brussels"
        self.fields["time_zone"] = forms.ChoiceField(
            label=_("Time zone"),
            choices=_zone_choices(),
            help_text=_("The opening and closing times are in this time zone."),
        )
        self.fields["content_language"].choices = language_choices()
        self.fields["opens_at"].help_text = _("In the call's time zone.")
        self.fields["closes_at"].help_text = _(
            "In the call's time zone. At this minute the server stops taking applications."
        )
        if not is_coordinator.test(user, None):
            self.fields["programme"].required = True
        programmes = programme_queries.coordinated_programmes(user)
        if self.instance.programme_id:
            programmes = programmes | Programme.objects.filter(pk=self.instance.programme_id)
        self.fields["programme"].queryset = programmes
        self.fields["event"].queryset = event_queries.events_a_call_may_name(self.instance.event_id)
        bind_pickers(self, user)
        call = self.instance
        if call.pk:
            self.initial.update(
                title_text=call.title.text,
                description_text=call.description.text,
                eligibility_text=call.eligibility.text,
                content_language=call.title.language,
            )
            zone = self._zone()
            for name in ("opens_at", "closes_at"):
                self.initial[name] = timezone.localtime(getattr(call, name), zone).replace(
                    tzinfo=None
                )
        else:
            self.initial.setdefault("time_zone", "Europe/Brussels")

    def _zone(self):
        try:
            return zoneinfo.ZoneInfo(self.zone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def full_clean(self):
        with timezone.override(self._zone()):
            super().full_clean()

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The call must close after it opens."))
        if data.get("type") == Call.Type.PARTICIPANTS and not data.get("event"):
            self.add_error("event", _("A call for event participants names the event."))
        return data

    def save(self, commit=False):
        call = super().save(commit=False)
        language = self.cleaned_data["content_language"]
        call.title = replace_original(call.title, self.cleaned_data["title_text"], language)
        call.description = replace_original(
            call.description, self.cleaned_data["description_text"], language
        )
        call.eligibility = replace_original(
            call.eligibility, self.cleaned_data["eligibility_text"], language
        )
        return call


class QuestionForm(forms.ModelForm):
    label_text = forms.CharField(label=_("Question"), max_length=500)
    help_text_value = forms.CharField(
        label=_("Help"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    content_language = forms.ChoiceField(label=_("Language of the question"), initial="en")
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For one or several choices: one choice a line."),
    )

    class Meta:
        model = Question
        fields = ["kind", "required", "max_length", "max_choices"]

    field_order = ["label_text", "content_language", "kind", "help_text_value", "required"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_language"].choices = language_choices()
        question = self.instance
        if question.pk:
            self.initial.update(
                label_text=question.label.text,
                help_text_value=question.help.text,
                content_language=question.label.language,
                choices_text="\n".join(question.choices or []),
            )

    def save(self, commit=False):
        question = super().save(commit=False)
        language = self.cleaned_data["content_language"]
        question.label = replace_original(question.label, self.cleaned_data["label_text"], language)
        question.help = replace_original(
            question.help, self.cleaned_data["help_text_value"], language
        )
        question.choices = [
            line.strip() for line in self.cleaned_data["choices_text"].splitlines() if line.strip()
        ]
        return question


class CriterionForm(forms.ModelForm):
    label_text = forms.CharField(label=_("Criterion"), max_length=300)
    content_language = forms.ChoiceField(label=_("Language"), initial="en")

    class Meta:
        model = Criterion
        fields = ["weight", "scale_min", "scale_max"]

    field_order = ["label_text", "content_language", "weight", "scale_min", "scale_max"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_language"].choices = language_choices()
        if self.instance.pk:
            self.initial.update(
                label_text=self.instance.label.text,
                content_language=self.instance.label.language,
            )

    def save(self, commit=False):
        criterion = super().save(commit=False)
        criterion.label = replace_original(
            criterion.label, self.cleaned_data["label_text"], self.cleaned_data["content_language"]
        )
        return criterion


def question_field(question):
    """The form field that asks ``question``; completeness is checked by the service."""
    label = str(question.label)
    help_text = str(question.help) if question.help else ""
    if question.required:
        label = _("%(label)s (required)") % {"label": label}
    common = {"label": label, "required": False, "help_text": help_text}
    kind = question.kind
    if kind == Question.Kind.SHORT_TEXT:
        return forms.CharField(max_length=question.length_limit, strip=True, **common)
    if kind == Question.Kind.LONG_TEXT:
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 6, "maxlength": question.length_limit}),
            **common,
        )
    if kind == Question.Kind.CHOICE:
        return forms.ChoiceField(
            choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common
        )
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in question.choices],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == Question.Kind.FILE:
        return forms.FileField(**common)
    if kind == Question.Kind.LINK:
        return forms.CharField(max_length=500, widget=forms.URLInput, **common)
    if kind == Question.Kind.COUNTRY:
        return forms.ChoiceField(choices=[("", "—"), *countries], **common)
    if kind == Question.Kind.LANGUAGES:
        return forms.MultipleChoiceField(
            choices=language_choices(), widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.MultipleChoiceField(
        choices=expertise_areas(), widget=forms.CheckboxSelectMultiple, **common
    )


class ApplicationForm(forms.Form):
    """The call's questions; the service checks answers, files and completeness."""

    def __init__(self, *args, call, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(call.questions.all())
        self.files_by_question = {}
        if application is not None:
            self.files_by_question = {f.question_id: f for f in application.files.all()}
        for question in self.questions:
            name = f"question_{question.pk}"
            self.fields[name] = question_field(question)
            if application is not None and question.key in application.answers:
                self.initial[name] = application.answers[question.key]

    def answers(self):
        return {
            question.key: self.cleaned_data.get(f"question_{question.pk}")
            for question in self.questions
            if question.kind != Question.Kind.FILE
        }

    def uploads(self):
        return {
            question.key: self.cleaned_data[f"question_{question.pk}"]
            for question in self.questions
            if question.kind == Question.Kind.FILE
            and self.cleaned_data.get(f"question_{question.pk}")
        }

    def rows(self):
        for question in self.questions:
            yield self[f"question_{question.pk}"], self.files_by_question.get(question.pk)


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(assignment.application.call.criteria.all())
        existing = {s.criterion_id: s for s in assignment.scores.all()}
        self.initial["comment"] = assignment.comment
        for criterion in self.criteria:
            score_name, comment_name = f"criterion_{criterion.pk}", f"comment_{criterion.pk}"
            self.fields[score_name] = forms.IntegerField(
                label=_("%(criterion)s (%(weight)d %%), from %(min)d to %(max)d")
                % {
                    "criterion": criterion.label,
                    "weight": criterion.weight,
                    "min": criterion.scale_min,
                    "max": criterion.scale_max,
                },
                required=False,
                min_value=criterion.scale_min,
                max_value=criterion.scale_max,
            )
            self.fields[comment_name] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.label},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if criterion.pk in existing:
                self.initial[score_name] = existing[criterion.pk].value
                self.initial[comment_name] = existing[criterion.pk].comment

    def scores(self):
        return {
            c.pk: (
                self.cleaned_data.get(f"criterion_{c.pk}"),
                self.cleaned_data.get(f"comment_{c.pk}"),
            )
            for c in self.criteria
        }

    def rows(self):
        for criterion in self.criteria:
            yield self[f"criterion_{criterion.pk}"], self[f"comment_{criterion.pk}"]


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you cannot review this application"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda u: u.display_name_or_fallback


class AutoAssignForm(forms.Form):
    per_application = forms.IntegerField(
        label=_("Reviewers per application"),
        min_value=1,
        max_value=MAX_REVIEWS_PER_APPLICATION,
    )


class StandingConflictForm(forms.Form):
    """A conflict of interest with a person (by e-mail) or an organisation, for every call."""

    email = forms.EmailField(label=_("Person's e-mail address"), required=False)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        email = (data.get("email") or "").strip().lower()
        data["applicant"] = None
        if email:
            from django.contrib.auth import get_user_model

            data["applicant"] = get_user_model().objects.filter(email=email).first()
            if data["applicant"] is None:
                self.add_error("email", _("Nobody on Atelier has this address."))
        if not email and not (data.get("organisation") or "").strip():
            raise forms.ValidationError(_("Name a person or an organisation."))
        return data


class DecisionMessagesForm(forms.Form):
    """The texts told to applicants of a decision, in one language; empty: the default text."""

    def __init__(self, *args, call, language, defaults, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "accepted_message": _("To accepted applicants"),
            "rejected_message": _("To applicants not selected"),
            "waitlisted_message": _("To waitlisted applicants"),
        }
        for name, label in labels.items():
            default = defaults[name]
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=MAX_MESSAGE_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3, "placeholder": default}),
                help_text=_("Left empty, the default text is sent: “%(text)s”") % {"text": default},
            )
            self.initial[name] = MultilingualText.from_json(getattr(call, name)).get(language) or ""

    def texts(self):
        return {name: self.cleaned_data.get(name, "") for name in self.fields}


class FeedbackForm(forms.Form):
    """Which reviews' comments and scores the applicant reads once the application is decided."""

    def __init__(self, *args, reviews, **kwargs):
        super().__init__(*args, **kwargs)
        self.reviews = [r for r in reviews if r.submitted_at and not r.conflict_declared]
        for number, review in enumerate(self.reviews, start=1):
            self.fields[f"comments_{review.pk}"] = forms.BooleanField(
                label=_("Share the comments of review %(number)d (%(name)s)")
                % {"number": number, "name": review.reviewer.display_name_or_fallback},
                required=False,
                initial=review.comments_shared,
            )
            self.fields[f"scores_{review.pk}"] = forms.BooleanField(
                label=_("Share the scores of review %(number)d (%(name)s)")
                % {"number": number, "name": review.reviewer.display_name_or_fallback},
                required=False,
                initial=review.scores_shared,
            )

    def shared(self):
        return {
            review.pk: (
                self.cleaned_data.get(f"comments_{review.pk}", False),
                self.cleaned_data.get(f"scores_{review.pk}", False),
            )
            for review in self.reviews
        }
