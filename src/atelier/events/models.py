"""Events, their timetable, registrations, application questions and invitations.

Times are stored in UTC; ``Event.time_zone`` names the IANA zone the event happens in, so
pages show its dates there and in the reader's zone. Capacity is counted per attendance mode
(in the room, online) by ``services``, under a lock on the event row.
"""

import secrets
import zoneinfo
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from atelier.core.answers import AnswerKind
from atelier.core.multilingual import MultilingualTextField
from atelier.core.validators import SCHEDULE_YEARS
from atelier.network.sectors import SECTORS

# The most seats an event offers per attendance mode, and the longest a freed seat is held
# for the next person on the waitlist (30 days): beyond them a number is a typing error.
MAX_CAPACITY = 100_000
MAX_OFFER_HOURS = 720


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(zone)s” is not a known time zone."), params={"zone": value})


def new_token():
    return secrets.token_urlsafe(32)


def new_certificate_code():
    # Short enough to type from paper, long enough not to be guessed: 80 random bits.
    return secrets.token_urlsafe(10)


class Type(models.TextChoices):
    ACADEMY_CAMP = "academy-camp", _("Academy camp")
    TRAINING = "training", _("Training")
    TRAINING_OF_TRAINERS = "training-of-trainers", _("Training of trainers")
    WEBINAR = "webinar", _("Webinar")
    WORKSHOP = "workshop", _("Workshop")
    CONFERENCE = "conference", _("Conference or forum")
    LEARNING_LAB = "learning-lab", _("Local learning lab")
    STUDY_VISIT = "study-visit", _("Study visit")
    NETWORKING = "networking", _("Networking meeting")
    FESTIVAL_VISIT = "festival-visit", _("Festival visit")


class Format(models.TextChoices):
    ON_SITE = "on-site", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (on site and online)")


class RegistrationMode(models.TextChoices):
    OPEN = "open", _("Open: first come, first served")
    APPLICATION = "application", _("Application: coordinators select participants")
    INVITATION = "invitation", _("Invitation only")


class CertificateRule(models.TextChoices):
    ALL_SESSIONS = "all-sessions", _("Present at every session")
    SHARE_OF_HOURS = "share-of-hours", _("Present for a share of the hours")
    BY_HAND = "by-hand", _("Chosen by hand among those checked in")


# Check-in opens this long before the first session (or the event's start).
CHECK_IN_OPENS_BEFORE = timedelta(hours=1)


class AttendanceMode(models.TextChoices):
    ROOM = "room", _("In the room")
    ONLINE = "online", _("Online")


class Event(models.Model):
    """A training, camp, webinar, lab or forum; of a programme or of the platform as a whole."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    title = MultilingualTextField(_("title"))
    slug = models.SlugField(_("slug"), max_length=90, unique=True)
    description = MultilingualTextField(_("description"), blank=True, default=dict)
    type = models.CharField(_("type"), max_length=30, choices=Type.choices, db_index=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, db_index=True)
    themes = models.ManyToManyField(
        "core.Theme", verbose_name=_("themes"), blank=True, related_name="events"
    )

    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address"), max_length=300, blank=True)
    venue_city = models.CharField(_("city"), max_length=120, blank=True)
    venue_country = CountryField(_("country"), blank=True, db_index=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accessibility = MultilingualTextField(
        _("accessibility information"),
        blank=True,
        default=dict,
        help_text=_("Step-free access, hearing loops, quiet rooms, how to get there..."),
    )
    online_url = models.URLField(
        _("online meeting link"),
        max_length=500,
        blank=True,
        help_text=_("Any provider. Shown only to confirmed participants."),
    )
    room_capacity = models.PositiveIntegerField(
        _("seats in the room"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_CAPACITY)],
    )
    online_capacity = models.PositiveIntegerField(
        _("places online"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_CAPACITY)],
    )

    time_zone = models.CharField(
        _("time zone"), max_length=60, default="Europe/Brussels", validators=[validate_time_zone]
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True, validators=[SCHEDULE_YEARS])
    ends_at = models.DateTimeField(_("ends"), db_index=True, validators=[SCHEDULE_YEARS])
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interpretation = models.JSONField(
        _("interpretation into"),
        default=list,
        blank=True,
        help_text=_("Languages the event is interpreted into."),
    )

    registration_mode = models.CharField(
        _("registration"),
        max_length=20,
        choices=RegistrationMode.choices,
        default=RegistrationMode.OPEN,
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Empty: registration stays open until the event starts."),
        validators=[SCHEDULE_YEARS],
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to confirm a freed seat"),
        default=48,
        help_text=_("When a seat frees up, the next person on the waitlist has this long."),
        validators=[
            MinValueValidator(1, message=_("Give people at least one hour to confirm a seat.")),
            MaxValueValidator(MAX_OFFER_HOURS),
        ],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    certificate_rule = models.CharField(
        _("who gets a certificate"),
        max_length=20,
        choices=CertificateRule.choices,
        default=CertificateRule.SHARE_OF_HOURS,
        help_text=_(
            "Only people checked in get one. Without a timetable, being checked in is enough "
            "for the first two rules."
        ),
    )
    certificate_share = models.PositiveSmallIntegerField(
        _("share of the hours (%)"),
        default=75,
        help_text=_("For “a share of the hours”: the part of the timetable a person attended."),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        blank=True,
        related_name="organised_events",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(certificate_share__gte=1, certificate_share__lte=100),
                name="event_certificate_share_a_percentage",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
                ),
                name="event_coordinates_valid",
            ),
        ]

    def __str__(self):
        return str(self.title)

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    @property
    def role_scope(self):
        # Coordinators of the event's programme run it; without a programme, platform-wide ones.
        return self.programme

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def is_multi_day(self):
        return self.local_start.date() != self.local_end.date()

    @property
    def has_venue(self):
        return self.format in (Format.ON_SITE, Format.HYBRID)

    @property
    def is_online(self):
        return self.format in (Format.ONLINE, Format.HYBRID)

    @property
    def attendance_modes(self):
        """The ways of taking part this event's format offers."""
        if self.format == Format.ON_SITE:
            return [AttendanceMode.ROOM]
        if self.format == Format.ONLINE:
            return [AttendanceMode.ONLINE]
        return [AttendanceMode.ROOM, AttendanceMode.ONLINE]

    def capacity_for(self, mode):
        return self.room_capacity if mode == AttendanceMode.ROOM else self.online_capacity

    @property
    def registration_closes_at(self):
        return self.registration_deadline or self.starts_at

    def is_registration_open(self, now=None):
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and now < self.registration_closes_at

    def is_past(self, now=None):
        return self.ends_at < (now or timezone.now())

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())

    def check_in_window(self):
        """From an hour before the first session (or the start) to the end of the last day.

        The last day ends at midnight in the event's time zone, after its last session.
        """
        sessions = list(self.sessions.all())
        first = min([self.starts_at, *(s.starts_at for s in sessions)])
        last = max([self.ends_at, *(s.ends_at for s in sessions)])
        last_day = timezone.localtime(last, self.zone).date()
        closes = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=self.zone)
        return first - CHECK_IN_OPENS_BEFORE, closes


class Session(models.Model):
    """One slot of an event's timetable."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = MultilingualTextField(_("title"))
    description = MultilingualTextField(_("description"), blank=True, default=dict)
    starts_at = models.DateTimeField(_("starts"), validators=[SCHEDULE_YEARS])
    ends_at = models.DateTimeField(_("ends"), validators=[SCHEDULE_YEARS])
    room = models.CharField(_("room or track"), max_length=120, blank=True)
    speakers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers and speakers"),
        blank=True,
        related_name="event_sessions",
    )
    speaker_organisations = models.ManyToManyField(
        "network.Organisation",
        verbose_name=_("organisations of the speakers"),
        blank=True,
        related_name="event_sessions",
    )
    speakers_text = models.CharField(
        _("other speakers"),
        max_length=300,
        blank=True,
        help_text=_("Names of trainers and speakers who have no account."),
    )
    materials_url = models.URLField(_("materials"), max_length=500, blank=True)

    class Meta:
        ordering = ["starts_at", "room", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="session_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return str(self.title)

    @property
    def role_scope(self):
        return self.event.programme


class ApplicationQuestion(models.Model):
    """A question the organisers ask everyone who registers for (or applies to) an event."""

    Kind = AnswerKind

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="questions"
    )
    text = MultilingualTextField(_("question"))
    kind = models.CharField(
        _("kind of answer"), max_length=20, choices=AnswerKind.choices, default=AnswerKind.LONG_TEXT
    )
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self):
        return str(self.text)

    def clean(self):
        if self.kind in AnswerKind.CHOICE_KINDS and len(self.choices or []) < 2:
            raise ValidationError(_("Give at least two choices, one a line."), code="choices")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non-binary", _("Non-binary")
    SELF_DESCRIBED = "other", _("In another way")
    NOT_SAID = "not-said", _("Prefer not to say")


class AgeGroup(models.TextChoices):
    UNDER_18 = "under-18", _("Under 18")
    FROM_18 = "18-24", _("18–24")
    FROM_25 = "25-34", _("25–34")
    FROM_35 = "35-44", _("35–44")
    FROM_45 = "45-54", _("45–54")
    FROM_55 = "55-64", _("55–64")
    FROM_65 = "65-plus", _("65 or older")
    NOT_SAID = "not-said", _("Prefer not to say")


class Registration(models.Model):
    """A person's registration for (or application to) an event."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        OFFERED = "offered", _("Seat offered: confirm by the deadline")
        APPLIED = "applied", _("Applied")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not selected")
        CANCELLED = "cancelled", _("Cancelled")

    # A seat is held by these; confirmed participants (who see the online link) are the first two.
    PARTICIPANT_STATUSES = (Status.CONFIRMED, Status.ACCEPTED)
    SEAT_STATUSES = (Status.CONFIRMED, Status.ACCEPTED, Status.OFFERED)
    # Everyone who is still "registered" in some way and hears about changes to the event.
    ACTIVE_STATUSES = (
        Status.CONFIRMED,
        Status.ACCEPTED,
        Status.OFFERED,
        Status.WAITLISTED,
        Status.APPLIED,
    )

    class CancelReason(models.TextChoices):
        PARTICIPANT = "participant", _("Cancelled by the participant")
        OFFER_EXPIRED = "offer-expired", _("The offered seat was not confirmed in time")
        EVENT_CANCELLED = "event-cancelled", _("The event was cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    attendance_mode = models.CharField(
        _("taking part"), max_length=10, choices=AttendanceMode.choices
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    answers = models.JSONField(
        _("answers"), default=dict, blank=True, help_text=_("Question id → answer.")
    )
    invitation = models.ForeignKey(
        "Invitation",
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    # What funders' reports need.
    country = CountryField(_("country"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=60, choices=SECTORS, blank=True)
    demographics_consent = models.BooleanField(
        _("consents to giving gender and age group"), default=False
    )
    demographics_consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    age_group = models.CharField(
        _("age group"), max_length=20, choices=AgeGroup.choices, blank=True
    )

    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    cancel_reason = models.CharField(
        _("why cancelled"), max_length=20, choices=CancelReason.choices, blank=True
    )
    week_reminder_sent_at = models.DateTimeField(_("week reminder sent"), null=True, blank=True)
    day_reminder_sent_at = models.DateTimeField(_("day reminder sent"), null=True, blank=True)
    created = models.DateTimeField(_("registered"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    # Attendance: the ticket's QR code carries this token to the organisers' check-in page.
    ticket_token = models.CharField(
        _("ticket token"), max_length=64, unique=True, default=new_token
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attended_mode = models.CharField(
        _("attended"),
        max_length=10,
        choices=AttendanceMode.choices,
        blank=True,
        help_text=_("How the person actually took part; empty until checked in."),
    )

    class Meta:
        ordering = ["event", "created", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~models.Q(status="cancelled"),
                name="one_active_registration_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(demographics_consent=True)
                | models.Q(gender="", age_group="", demographics_consent_at__isnull=True),
                name="registration_demographics_only_with_consent",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="offered") | models.Q(offer_expires_at__isnull=False),
                name="registration_offer_has_a_deadline",
            ),
            models.CheckConstraint(
                condition=models.Q(checked_in_at__isnull=True, attended_mode="")
                | models.Q(checked_in_at__isnull=False) & ~models.Q(attended_mode=""),
                name="registration_check_in_has_a_mode",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "attendance_mode"])]

    def __str__(self):
        return f"{self.user} · {self.event} · {self.get_status_display()}"

    @property
    def role_scope(self):
        return self.event.programme

    @property
    def is_participant(self):
        return self.status in self.PARTICIPANT_STATUSES

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_checked_in(self):
        return self.checked_in_at is not None


class Invitation(models.Model):
    """A personal invitation: its secret link lets one person register once."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_invitations",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("invited"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["event", "-created", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="one_invitation_per_address")
        ]

    def __str__(self):
        return f"{self.email} · {self.event}"

    def get_absolute_url(self):
        return reverse("events:invitation", args=[self.token])

    @property
    def role_scope(self):
        return self.event.programme


class Certificate(models.Model):
    """A certificate of attendance: issued once per attendee, verifiable by its public code."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="certificate",
    )
    code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=new_certificate_code
    )
    name = models.CharField(
        _("name on the certificate"), max_length=300, help_text=_("As it was when issued.")
    )
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    language = models.CharField(_("language"), max_length=10)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-issued_at", "pk"]
        verbose_name = _("certificate of attendance")
        verbose_name_plural = _("certificates of attendance")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="certificate_hours_positive"
            )
        ]

    def __str__(self):
        return f"{self.code} · {self.name}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.clean()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:certificate-verify", args=[self.code])

    def clean(self):
        # Every path that makes a certificate (the services, the admin) passes here.
        if self.registration_id is None:
            return
        registration = self.registration
        if not registration.event.has_started():
            raise ValidationError(
                _("No certificate can be issued for an event that has not started."),
                code="not-started",
            )
        if registration.checked_in_at is None:
            raise ValidationError(
                _("Certificates are given to people who were checked in at the event."),
                code="not-attended",
            )

    @property
    def role_scope(self):
        return self.registration.event.programme

    @property
    def is_revoked(self):
        return self.revoked_at is not None


class CalendarFeed(models.Model):
    """A person's private calendar address: its secret token reads their registrations."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="event_calendar_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created = models.DateTimeField(_("address made"), default=timezone.now)

    class Meta:
        verbose_name = _("private calendar feed")
        verbose_name_plural = _("private calendar feeds")

    def __str__(self):
        return str(self.user)


class EventResource(models.Model):
    """A library resource (materials, a recording) attached to an event after it took place."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="materials"
    )
    resource = models.ForeignKey(
        "library.Resource",
        verbose_name=_("library resource"),
        on_delete=models.CASCADE,
        related_name="event_links",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["event", "created", "pk"]
        verbose_name = _("event material")
        verbose_name_plural = _("event materials")
        constraints = [
            models.UniqueConstraint(fields=["event", "resource"], name="event_resource_linked_once")
        ]

    def __str__(self):
        return f"{self.event} · {self.resource}"

    @property
    def role_scope(self):
        return self.event.programme


class SessionAttendance(models.Model):
    """Presence at one session of the timetable: what the certificate rules count."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="session_attendances",
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    checked_in_at = models.DateTimeField(_("checked in"), default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["session", "registration"]
        verbose_name = _("presence at a session")
        verbose_name_plural = _("presences at sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="session_attended_once"
            )
        ]

    def __str__(self):
        return f"{self.registration} · {self.session}"

    @property
    def role_scope(self):
        return self.session.event.programme


class Audience(models.TextChoices):
    """Whom an organiser's message goes to."""

    CONFIRMED = "confirmed", _("Confirmed participants")
    WAITLISTED = "waitlisted", _("People on the waitlist")
    ATTENDED = "attended", _("People checked in")


class EventMessage(models.Model):
    """An organisers' e-mail to the people registered, kept as a record of what was sent."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="messages"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=10000)
    audiences = models.JSONField(_("sent to"), default=list)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("written"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")

    def __str__(self):
        return self.subject

    @property
    def role_scope(self):
        return self.event.programme

    def audience_labels(self):
        return [str(Audience(a).label) for a in self.audiences if a in Audience.values]
