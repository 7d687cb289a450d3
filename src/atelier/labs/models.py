"""Learning labs: a facilitated conversation in rounds at tables, with notes, themes and votes.

A lab has questions and rounds (each round asks one question for some minutes); people join
with the lab's token, are seated at a table for each round (hosts stay at theirs), and post
short notes on their table's board. The facilitator groups notes into themes and opens a dot
vote. The round timer is derived from ``round_started_at``, ``round_paused_at`` and
``extra_seconds`` so every page computes the same remaining time.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from atelier.core.multilingual import MultilingualTextField
from atelier.core.validators import SCHEDULE_YEARS

NOTE_MAX_LENGTH = 280
# Votes each participant has, a round's length and table numbers: more is a typing error.
MAX_VOTES = 20
MAX_ROUND_MINUTES = 180
MAX_TABLES = 500


def new_token():
    return secrets.token_urlsafe(24)


class Format(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Lab(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for joining")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")

    title = MultilingualTextField(_("title"))
    slug = models.SlugField(_("slug"), max_length=90, unique=True)
    description = MultilingualTextField(_("description"), blank=True, default=dict)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="labs",
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="labs",
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        blank=True,
        related_name="facilitated_labs",
    )
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.ON_SITE
    )
    # The lab's own date and venue; a lab held at an event without them takes the event's.
    date = models.DateField(_("date"), null=True, blank=True, validators=[SCHEDULE_YEARS])
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    allow_guests = models.BooleanField(_("guests may join without an account"), default=False)
    join_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    votes_per_participant = models.PositiveSmallIntegerField(
        _("votes per participant"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VOTES)],
    )
    voting_open = models.BooleanField(_("voting open"), default=False)
    current_round = models.ForeignKey(
        "labs.Round",
        verbose_name=_("current round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    round_started_at = models.DateTimeField(null=True, blank=True)
    round_paused_at = models.DateTimeField(null=True, blank=True)
    extra_seconds = models.IntegerField(default=0)
    broadcast_message = models.CharField(_("message to all tables"), max_length=300, blank=True)
    # Set when a facilitator publishes the report: from then on anyone may read it.
    report_published_at = models.DateTimeField(_("report published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created", "pk"]
        verbose_name = _("learning lab")
        verbose_name_plural = _("learning labs")

    def __str__(self):
        return str(self.title)

    def get_absolute_url(self):
        return reverse("labs:detail", args=[self.slug])

    @property
    def role_scope(self):
        return self.programme

    @property
    def report_published(self):
        return self.report_published_at is not None

    @property
    def held_on(self):
        """The lab's date, or the day its event starts (in the event's time zone)."""
        if self.date:
            return self.date
        event = self.event
        return event.local_start.date() if event is not None else None

    @property
    def held_at(self):
        """The lab's venue, or its event's (name and city)."""
        if self.venue:
            return self.venue
        event = self.event
        if event is None:
            return ""
        return ", ".join(part for part in (event.venue_name, event.venue_city) if part)

    def remaining_seconds(self, now=None):
        """Seconds left in the current round (may be negative when overrun), or None."""
        if self.current_round is None or self.round_started_at is None:
            return None
        now = self.round_paused_at or now or timezone.now()
        total = self.current_round.duration_minutes * 60 + self.extra_seconds
        return int(total - (now - self.round_started_at).total_seconds())

    @property
    def round_ends_at(self):
        if self.current_round is None or self.round_started_at is None:
            return None
        return self.round_started_at + timedelta(
            seconds=self.current_round.duration_minutes * 60 + self.extra_seconds
        )


class Question(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="questions")
    text = MultilingualTextField(_("question"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["lab", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return str(self.text)


class Round(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="rounds")
    position = models.PositiveSmallIntegerField(_("position"))
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="rounds"
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ROUND_MINUTES)],
    )

    class Meta:
        ordering = ["lab", "position"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(fields=["lab", "position"], name="labs_round_position"),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1), name="labs_round_duration_positive"
            ),
        ]

    def __str__(self):
        return _("Round %(n)s") % {"n": self.position}


class Table(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(MAX_TABLES)]
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_lab_tables",
    )
    video_url = models.URLField(_("video room"), blank=True)

    class Meta:
        ordering = ["lab", "number"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        constraints = [
            models.UniqueConstraint(fields=["lab", "number"], name="labs_table_number"),
        ]

    def __str__(self):
        return _("Table %(n)s") % {"n": self.number}

    def role_scope(self):
        return self.lab.programme

    @property
    def group_name(self):
        return f"labs.table.{self.pk}"


class Participant(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lab_participations",
    )
    guest_name = models.CharField(_("name"), max_length=120, blank=True)
    guest_token = models.CharField(max_length=64, blank=True, db_index=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["lab", "joined_at", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "user"],
                condition=models.Q(user__isnull=False),
                name="labs_participant_once",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(guest_name=""),
                name="labs_participant_named",
            ),
        ]

    def __str__(self):
        if self.user_id:
            return self.user.display_name_or_fallback
        return self.guest_name


class Seat(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")
    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="seats")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        ordering = ["round", "table", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "round"], name="labs_seat_once"),
        ]

    def __str__(self):
        return f"{self.participant} · {self.table} · {self.round}"


class Note(models.Model):
    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="notes")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    text = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH)
    starred = models.BooleanField(_("starred"), default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    version = models.PositiveIntegerField(default=1)
    deleted = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "table", "created", "pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return self.text

    @cached_property
    def summary(self):
        """The start of the text, as each note's merge choices list the others."""
        return Truncator(self.text).chars(60)


class Theme(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("name"), max_length=200)
    notes = models.ManyToManyField(Note, blank=True, related_name="themes")

    class Meta:
        ordering = ["lab", "name", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class Vote(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="votes")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.participant} → {self.theme}"


class ProposedAction(models.Model):
    """A plan's action proposed from a theme, keeping the notes the theme held at that moment.

    The link lives here, not in plans: labs build on plans (through its services), so plans
    never imports labs; it learns where an action came from through the origin registry in
    ``atelier.plans.queries``. The notes are kept as they were when the action was proposed,
    so regrouping the theme later does not rewrite where the action came from.
    """

    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="proposed_actions"
    )
    action = models.OneToOneField(
        "plans.Action", verbose_name=_("action"), on_delete=models.CASCADE, related_name="+"
    )
    notes = models.ManyToManyField(
        Note, verbose_name=_("notes"), blank=True, related_name="proposed_actions"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    class Meta:
        ordering = ["theme", "proposed_at", "pk"]
        verbose_name = _("action proposed from a theme")
        verbose_name_plural = _("actions proposed from themes")

    def __str__(self):
        return f"{self.theme} → {self.action_id}"
