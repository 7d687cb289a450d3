"""Forms of events: list filters, the organisers' forms, registration and application."""

import zoneinfo

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from atelier.core.answers import AnswerKind, answer_field, parse_choices
from atelier.core.languages import language_choices
from atelier.core.models import Theme
from atelier.core.pickers import PickerField
from atelier.core.validators import SCHEDULE_YEARS
from atelier.core.widgets import Select
from atelier.network.sectors import SECTORS
from atelier.programmes import queries as programme_queries
from atelier.programmes.models import Programme

from . import queries
from .models import (
    AgeGroup,
    ApplicationQuestion,
    AttendanceMode,
    Audience,
    Event,
    Format,
    Gender,
    Session,
    Type,
)
from .rules import coordinates_platform
from .services import replace_original

DATETIME_INPUT = forms.DateTimeInput(
    attrs={
        "type": "datetime-local",
        "step": 60,
        "min": f"{SCHEDULE_YEARS.first}-01-01T00:00",
        "max": f"{SCHEDULE_YEARS.last}-12-31T23:59",
    },
    format="%Y-%m-%dT%H:%M",
)


class HttpsURLField(forms.URLField):
    """A link typed without a scheme is taken as https."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


def _blank(label):
    return [("", label)]


def _zone_choices():
    return [(zone, zone.replace("_", " ")) for zone in sorted(zoneinfo.available_timezones())]


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    when = forms.ChoiceField(label=_("When"), required=False, widget=Select)
    type = forms.ChoiceField(label=_("Type"), required=False, widget=Select)
    format = forms.ChoiceField(label=_("Format"), required=False, widget=Select)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=Select)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=Select)
    programme = forms.ChoiceField(label=_("Programme"), required=False, widget=Select)
    theme = forms.ChoiceField(label=_("Theme"), required=False, widget=Select)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["when"].choices = [
            (queries.WHEN_UPCOMING, _("Upcoming")),
            (queries.WHEN_PAST, _("Past")),
            (queries.WHEN_ALL, _("All dates")),
        ]
        self.fields["type"].choices = _blank(_("All types")) + list(Type.choices)
        self.fields["format"].choices = _blank(_("All formats")) + list(Format.choices)
        self.fields["country"].choices = _blank(_("All countries")) + list(countries)
        self.fields["language"].choices = _blank(_("All languages")) + language_choices()
        # Only programmes that have events to show: a platform holds hundreds of programmes,
        # and a list of all of them would be long to render and to read, most leading nowhere.
        # A link may still name another programme: it is kept, and shows no events.
        asked = self.data.get("programme", "") if self.is_bound else ""
        programmes = Programme.objects.filter(
            Q(pk__in=queries.public_events().values("programme")) | Q(slug=asked)
        )
        self.fields["programme"].choices = _blank(_("All programmes")) + [
            (slug, acronym or str(title))
            for slug, acronym, title in programmes.order_by("slug").values_list(
                "slug", "acronym", "title"
            )
        ]
        self.fields["theme"].choices = _blank(_("All themes")) + [
            (t.slug, t.label) for t in Theme.objects.all()
        ]

    def filters(self):
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class InZoneMixin:
    """Date-time fields entered in a named time zone (the event's), stored in UTC."""

    zone_name = "UTC"

    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.zone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def full_clean(self):
        with timezone.override(self.zone()):
            super().full_clean()

    def show_in_zone(self, instance, names):
        zone = self.zone()
        for name in names:
            value = getattr(instance, name, None)
            if value is not None:
                self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)


class EventForm(InZoneMixin, forms.ModelForm):
    title_text = forms.CharField(label=_("Title"), max_length=300)
    # Programmes are many: typed to be found, the person's own first.
    programme = PickerField("programmes.coordinated", label=_("Programme"), required=False)
    description_text = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    accessibility_text = forms.CharField(
        label=_("Accessibility information"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Step-free access, hearing loops, quiet rooms, how to get there..."),
    )
    content_language = forms.ChoiceField(
        label=_("Language of the title and description"), initial="en"
    )
    status = forms.ChoiceField(label=_("Status"))
    organiser_emails = forms.CharField(
        label=_("Organisers"),
        required=False,
        max_length=2000,
        help_text=_(
            "E-mail addresses of the people on Atelier who run this event, separated by commas. "
            "Organisers manage registrations and see the online link. Whoever creates the event "
            "is one."
        ),
    )

    class Meta:
        model = Event
        fields = [
            "programme",
            "type",
            "format",
            "themes",
            "starts_at",
            "ends_at",
            "time_zone",
            "languages",
            "interpretation",
            "venue_name",
            "venue_address",
            "venue_city",
            "venue_country",
            "latitude",
            "longitude",
            "online_url",
            "room_capacity",
            "online_capacity",
            "registration_mode",
            "registration_deadline",
            "offer_hours",
            "certificate_rule",
            "certificate_share",
        ]
        widgets = {
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "registration_deadline": DATETIME_INPUT,
            "themes": forms.CheckboxSelectMultiple,
        }
        field_classes = {"online_url": HttpsURLField}

    field_order = ["title_text", "content_language", "description_text", "programme", "type"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        data = self.data if self.is_bound else {}
        self.zone_name = data.get("time_zone") or self.instance.time_zone or "Europe/Brussels"
        self.fields["time_zone"] = forms.ChoiceField(
            label=_("Time zone"),
            choices=_zone_choices(),
            help_text=_("Dates and times above are in this time zone."),
        )
        labels = {
            "languages": _("Languages of the event"),
            "interpretation": _("Interpretation into"),
        }
        for name in ("languages", "interpretation"):
            self.fields[name] = forms.MultipleChoiceField(
                label=labels[name],
                choices=language_choices(),
                required=name == "languages",
                widget=forms.SelectMultiple(attrs={"size": 6}),
                help_text=Event._meta.get_field(name).help_text,
            )
        self.fields["content_language"].choices = language_choices()
        self.fields["status"].choices = [
            (Event.Status.DRAFT, _("Draft: only organisers see it")),
            (Event.Status.PUBLISHED, _("Published")),
        ]
        self.fields["starts_at"].help_text = _("In the event's time zone.")
        self.fields["ends_at"].help_text = _("In the event's time zone.")
        # Left out, the rule stays as it is (for a new event: the default).
        self.fields["certificate_rule"].required = False
        self.fields["certificate_share"].required = False
        programmes = programme_queries.coordinated_programmes(user)
        if not coordinates_platform(user):
            # A new event belongs to a programme they coordinate; an organiser editing an
            # event keeps its programme (or its lack of one).
            self.fields["programme"].required = self.instance.pk is None
        if self.instance.programme_id:
            programmes = programmes | Programme.objects.filter(pk=self.instance.programme_id)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].for_user(user)
        event = self.instance
        if event.pk:
            self.initial.update(
                title_text=event.title.text,
                description_text=event.description.text,
                accessibility_text=event.accessibility.text,
                content_language=event.title.language,
                status=event.status,
                organiser_emails=", ".join(event.organisers.values_list("email", flat=True)),
            )
            self.show_in_zone(event, ("starts_at", "ends_at", "registration_deadline"))
        else:
            self.initial.setdefault("status", Event.Status.DRAFT)
            self.initial.setdefault("time_zone", "Europe/Brussels")

    FIELDSETS = (
        (_("The event"), ("title_text", "content_language", "description_text", "programme",
                          "type", "themes")),
        (_("When"), ("starts_at", "ends_at", "time_zone")),
        (_("Where"), ("format", "venue_name", "venue_address", "venue_city", "venue_country",
                      "latitude", "longitude", "accessibility_text", "online_url")),
        (_("Languages"), ("languages", "interpretation")),
        (_("Registration"), ("registration_mode", "registration_deadline", "room_capacity",
                             "online_capacity", "offer_hours", "status", "organiser_emails")),
        (_("Certificates of attendance"), ("certificate_rule", "certificate_share")),
    )  # fmt: skip

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean_organiser_emails(self):
        raw = self.cleaned_data["organiser_emails"]
        people = []
        for email in [e.strip().lower() for e in raw.replace(";", ",").split(",") if e.strip()]:
            person = get_user_model().objects.filter(email=email, is_active=True).first()
            if person is None:
                raise forms.ValidationError(
                    _("Nobody on Atelier has the address “%(email)s”."), params={"email": email}
                )
            if person not in people:
                people.append(person)
        self.organisers = people
        return raw

    def clean(self):
        data = super().clean()
        fmt = data.get("format")
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        deadline = data.get("registration_deadline")
        if deadline and starts and deadline > starts:
            self.add_error(
                "registration_deadline", _("Registration must close before the event starts.")
            )
        if fmt in (Format.ON_SITE, Format.HYBRID):
            for name in ("venue_name", "venue_city", "venue_country"):
                if not data.get(name):
                    self.add_error(name, _("An on-site or hybrid event needs a venue."))
        if fmt in (Format.ONLINE, Format.HYBRID) and not data.get("online_url"):
            self.add_error("online_url", _("An online or hybrid event needs a meeting link."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        if not data.get("certificate_rule"):
            data["certificate_rule"] = self.instance.certificate_rule
        if data.get("certificate_share") is None:
            data["certificate_share"] = self.instance.certificate_share
        return data

    def save(self, commit=False):
        event = super().save(commit=False)
        language = self.cleaned_data["content_language"]
        event.title = replace_original(event.title, self.cleaned_data["title_text"], language)
        description = self.cleaned_data["description_text"].strip()
        event.description = (
            replace_original(event.description, description, language) if description else {}
        )
        accessibility = self.cleaned_data["accessibility_text"].strip()
        event.accessibility = (
            replace_original(event.accessibility, accessibility, language) if accessibility else {}
        )
        event.status = self.cleaned_data["status"]
        return event


class CancelEventForm(forms.Form):
    message = forms.CharField(
        label=_("Message to everyone registered"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RegistrationForm(forms.Form):
    """Registration or application: how one takes part, what funders ask, the questions."""

    attendance_mode = forms.ChoiceField(
        label=_("How will you take part?"), widget=forms.RadioSelect
    )
    country = forms.ChoiceField(label=_("Country you work in"), required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    demographics_consent = forms.BooleanField(
        label=_(
            "I agree to give my gender and age group. They are used only in anonymous "
            "statistics for the funders' reports, and I can withdraw this at any time."
        ),
        required=False,
    )
    gender = forms.ChoiceField(label=_("Gender (optional)"), required=False)
    age_group = forms.ChoiceField(label=_("Age group (optional)"), required=False)

    def __init__(self, *args, event, user, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        modes = event.attendance_modes
        self.fields["attendance_mode"].choices = [(m, AttendanceMode(m).label) for m in modes]
        if len(modes) == 1:
            self.fields["attendance_mode"].initial = modes[0]
            self.fields["attendance_mode"].widget = forms.HiddenInput()
        self.fields["country"].choices = _blank(_("Choose a country")) + list(countries)
        self.fields["sector"].choices = _blank(_("Choose a sector")) + list(SECTORS)
        self.fields["gender"].choices = _blank("—") + list(Gender.choices)
        self.fields["age_group"].choices = _blank("—") + list(AgeGroup.choices)
        if user.is_authenticated:
            self.initial.setdefault("country", str(user.country.code) if user.country else "")
            self.initial.setdefault("organisation", user.organisation)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = answer_field(
                question.kind,
                label=str(question.text),
                required=question.required,
                choices=question.choices,
            )
        # The coordinators' questions come first, then what the funders' reports need.
        self.order_fields(
            ["attendance_mode", *(f"question_{q.pk}" for q in self.questions), "country"]
        )

    def clean(self):
        data = super().clean()
        if not data.get("demographics_consent") and (data.get("gender") or data.get("age_group")):
            self.add_error(
                "demographics_consent",
                _(
                    "Gender and age group are recorded only with your consent. Tick the box "
                    "or leave them empty."
                ),
            )
        return data

    def details(self):
        return {
            name: self.cleaned_data.get(name)
            for name in (
                "country",
                "organisation",
                "sector",
                "demographics_consent",
                "gender",
                "age_group",
            )
        }

    def answers(self):
        return {str(q.pk): self.cleaned_data.get(f"question_{q.pk}", "") for q in self.questions}


class SessionForm(InZoneMixin, forms.ModelForm):
    title_text = forms.CharField(label=_("Title"), max_length=300)
    speaker_emails = forms.CharField(
        label=_("Trainers and speakers on Atelier"),
        required=False,
        help_text=_("Their e-mail addresses, separated by commas."),
    )

    class Meta:
        model = Session
        fields = [
            "starts_at",
            "ends_at",
            "room",
            "speaker_organisations",
            "speakers_text",
            "materials_url",
        ]
        widgets = {
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "speaker_organisations": forms.CheckboxSelectMultiple,
        }
        field_classes = {"materials_url": HttpsURLField}

    field_order = ["title_text", "starts_at", "ends_at", "room", "speaker_emails"]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.zone_name = event.time_zone
        from atelier.network.models import Organisation

        partners = Organisation.objects.none()
        if event.programme_id:
            partners = Organisation.objects.filter(partnerships__programme=event.programme_id)
        self.fields["speaker_organisations"].queryset = partners.order_by("normalised_name")
        self.fields["speaker_organisations"].required = False
        if not event.programme_id:
            del self.fields["speaker_organisations"]
        self.fields["starts_at"].help_text = _("In the event's time zone (%(zone)s).") % {
            "zone": event.time_zone
        }
        self.fields["ends_at"].help_text = self.fields["starts_at"].help_text
        session = self.instance
        if session.pk:
            self.initial["title_text"] = session.title.text
            self.initial["speaker_emails"] = ", ".join(
                session.speakers.values_list("email", flat=True)
            )
            self.show_in_zone(session, ("starts_at", "ends_at"))

    def clean_speaker_emails(self):
        raw = self.cleaned_data["speaker_emails"]
        emails = [e.strip().lower() for e in raw.replace(";", ",").split(",") if e.strip()]
        users = []
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("“%(email)s” is not an e-mail address."), params={"email": email}
                ) from error
            user = get_user_model().objects.filter(email=email, is_active=True).first()
            if user is None:
                raise forms.ValidationError(
                    _("Nobody on Atelier has the address “%(email)s”. Name them below instead."),
                    params={"email": email},
                )
            users.append(user)
        self.speakers = users
        return raw

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends:
            if ends < starts:
                self.add_error("ends_at", _("The session must end after it starts."))
            # A day's slack: a timetable may hold an evening visit or a morning arrival.
            day = 86400
            event = self.event
            if (event.starts_at - starts).total_seconds() > day or (
                ends - event.ends_at
            ).total_seconds() > day:
                self.add_error("starts_at", _("The session must fall within the event's dates."))
        return data

    def save(self, commit=False):
        session = super().save(commit=False)
        session.event = self.event
        session.title = replace_original(
            session.title, self.cleaned_data["title_text"], self.event.title.language or "en"
        )
        return session


class QuestionForm(forms.ModelForm):
    text_value = forms.CharField(
        label=_("Question"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For one or several choices: one choice a line."),
    )

    class Meta:
        model = ApplicationQuestion
        fields = ["kind", "required"]
        widgets = {"kind": Select}

    field_order = ["text_value", "kind", "choices_text", "required"]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["kind"].required = False
        self.fields["kind"].initial = AnswerKind.LONG_TEXT

    def clean(self):
        data = super().clean()
        data["kind"] = data.get("kind") or AnswerKind.LONG_TEXT
        choices = parse_choices(data.get("choices_text"))
        if data.get("kind") in AnswerKind.CHOICE_KINDS and len(choices) < 2:
            self.add_error("choices_text", _("Give at least two choices, one a line."))
        data["choices"] = choices if data.get("kind") in AnswerKind.CHOICE_KINDS else []
        self.instance.choices = data["choices"]
        return data

    def save(self, commit=False):
        question = super().save(commit=False)
        question.event = self.event
        question.text = replace_original(
            question.text, self.cleaned_data["text_value"], self.event.title.language or "en"
        )
        question.choices = self.cleaned_data["choices"]
        question.position = self.event.questions.count()
        return question


class MessageForm(forms.Form):
    audiences = forms.MultipleChoiceField(
        label=_("Send to"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each person gets the message once, whatever groups they are in."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Sent as you write it. The greeting and the link to the event come in each "
            "person's own language."
        ),
    )


class InvitationForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, or separated by commas. Each person gets a personal link."),
        max_length=20000,
    )

    def clean_emails(self):
        raw = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n")
        emails = [line.strip() for line in raw.splitlines() if line.strip()]
        bad = []
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                bad.append(email)
        if bad:
            raise forms.ValidationError(
                _("These are not e-mail addresses: %(emails)s. Nothing was sent."),
                params={"emails": ", ".join(bad[:10])},
            )
        if len(emails) > 500:
            raise forms.ValidationError(_("Send at most 500 invitations at a time."))
        return emails
