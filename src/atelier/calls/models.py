"""Calls, their application forms and criteria, applications, review assignments and scores.

Times are stored in UTC; ``Call.time_zone`` names the IANA zone the call states its deadline
in. A call is open from ``opens_at`` (included) to ``closes_at`` (excluded): at the closing
second the server refuses. Answers are JSON keyed by the question's id (as a string).
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atelier.core.multilingual import MultilingualTextField
from atelier.core.validators import SCHEDULE_YEARS

# Beyond these a number is a typing error: places offered, reviewers per application, the
# longest answer asked for (characters), choices allowed, and the ends of a scoring scale.
MAX_PLACES = 100_000
MAX_REVIEWS_PER_APPLICATION = 20
MAX_ANSWER_LENGTH = 100_000
MAX_CHOICES = 100
MAX_SCORE = 1000


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(zone)s” is not a known time zone."), params={"zone": value})


class Call(models.Model):
    """An open call of a programme (or of the platform) that people apply to."""

    class Type(models.TextChoices):
        EXPERTS = "experts", _("Call for experts")
        PARTICIPANTS = "participants", _("Call for event participants")
        CONSULTANTS = "consultants", _("Call for consultants")
        PARTNERS = "partners", _("Call for partners")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    type = models.CharField(_("type"), max_length=20, choices=Type.choices, db_index=True)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
        help_text=_("For a call for participants: the event the selected applicants attend."),
    )
    slug = models.SlugField(_("slug"), max_length=90, unique=True)
    title = MultilingualTextField(_("title"))
    description = MultilingualTextField(_("description"), blank=True, default=dict)
    eligibility = MultilingualTextField(_("eligibility"), blank=True, default=dict)
    time_zone = models.CharField(
        _("time zone"), max_length=60, default="Europe/Brussels", validators=[validate_time_zone]
    )
    opens_at = models.DateTimeField(_("opens"), db_index=True, validators=[SCHEDULE_YEARS])
    closes_at = models.DateTimeField(_("closes"), db_index=True, validators=[SCHEDULE_YEARS])
    places = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PLACES)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    reviewers_see_others_after_submitting = models.BooleanField(
        _("reviewers see the other reviews after submitting theirs"), default=False
    )
    # What the applicant is told of a decision, written by the coordinators; empty: the
    # platform's default text. Per language when the call offers translations of it.
    accepted_message = MultilingualTextField(
        _("message to accepted applicants"), blank=True, default=dict
    )
    rejected_message = MultilingualTextField(
        _("message to applicants not selected"), blank=True, default=dict
    )
    waitlisted_message = MultilingualTextField(
        _("message to waitlisted applicants"), blank=True, default=dict
    )
    reviews_per_application = models.PositiveSmallIntegerField(
        _("reviews per application"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REVIEWS_PER_APPLICATION)],
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
        ordering = ["closes_at", "pk"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=models.Q(reviews_per_application__gte=1),
                name="call_at_least_one_review",
            ),
        ]

    def __str__(self):
        return str(self.title)

    def get_absolute_url(self):
        return reverse("calls:detail", args=[self.slug])

    @property
    def role_scope(self):
        # Coordinators of the call's programme run it; without one, platform-wide ones.
        return self.programme

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and self.opens_at <= now < self.closes_at

    def is_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at


class Question(models.Model):
    """One question of a call's application form."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short-text", _("Short text")
        LONG_TEXT = "long-text", _("Long text")
        CHOICE = "choice", _("One choice")
        MULTIPLE_CHOICE = "multiple-choice", _("Several choices")
        FILE = "file", _("File")
        LINK = "link", _("Link")
        COUNTRY = "country", _("Country")
        LANGUAGES = "languages", _("Languages")
        AREAS = "areas", _("Expertise areas")

    TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)
    CHOICE_KINDS = (Kind.CHOICE, Kind.MULTIPLE_CHOICE)
    LIST_KINDS = (Kind.MULTIPLE_CHOICE, Kind.LANGUAGES, Kind.AREAS)

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    label = MultilingualTextField(_("question"))
    help = MultilingualTextField(_("help"), blank=True, default=dict)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    max_length = models.PositiveIntegerField(
        _("maximum length"),
        null=True,
        blank=True,
        help_text=_("In characters, for texts."),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ANSWER_LENGTH)],
    )
    max_choices = models.PositiveSmallIntegerField(
        _("maximum number of choices"),
        null=True,
        blank=True,
        help_text=_("For several choices, languages and expertise areas. Empty: no limit."),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CHOICES)],
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return str(self.label)

    @property
    def key(self):
        return str(self.pk)

    @property
    def length_limit(self):
        if self.max_length:
            return self.max_length
        return 300 if self.kind == self.Kind.SHORT_TEXT else 10000


class Criterion(models.Model):
    """A review criterion with its weight (in %) and the scale reviewers score on."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = MultilingualTextField(_("criterion"))
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    scale_min = models.SmallIntegerField(
        _("lowest score"),
        default=0,
        validators=[MinValueValidator(-MAX_SCORE), MaxValueValidator(MAX_SCORE)],
    )
    scale_max = models.SmallIntegerField(
        _("highest score"),
        default=10,
        validators=[MinValueValidator(-MAX_SCORE), MaxValueValidator(MAX_SCORE)],
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="criterion_scale_not_empty",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=100),
                name="criterion_weight_a_percentage",
            ),
        ]

    def __str__(self):
        return str(self.label)

    def normalise(self, value):
        """A score on this criterion's scale as a share of it, from 0 to 1."""
        return (value - self.scale_min) / (self.scale_max - self.scale_min)


class Application(models.Model):
    """One person's application to a call: a draft until submitted, then decided on."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not selected")
        WAITLISTED = "waitlisted", _("On the waitlist")

    # Statuses a coordinator and the reviewers see: everything that was submitted.
    SUBMITTED_STATUSES = (Status.SUBMITTED, Status.ACCEPTED, Status.REJECTED, Status.WAITLISTED)

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="call_applications",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["call", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["call", "applicant"], name="one_application_per_call")
        ]

    def __str__(self):
        return f"{self.call} · {self.applicant}"

    def get_absolute_url(self):
        return reverse("calls:application", args=[self.pk])

    @property
    def role_scope(self):
        return self.call.programme

    @property
    def is_submitted(self):
        return self.status in self.SUBMITTED_STATUSES


class ApplicationFile(models.Model):
    """A file attached to an answer, stored in the private storage under a generated name."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="files"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("stored name"), max_length=200, unique=True)
    display_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("application file")
        verbose_name_plural = _("application files")

    def __str__(self):
        return self.display_name


class ReviewAssignment(models.Model):
    """A reviewer asked to score one application."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    conflict_declared = models.BooleanField(_("conflict of interest declared"), default=False)
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # What the coordinators chose to show the applicant once the application is decided.
    comments_shared = models.BooleanField(_("comments shared with the applicant"), default=False)
    scores_shared = models.BooleanField(_("scores shared with the applicant"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_assignment_per_reviewer"
            )
        ]

    def __str__(self):
        return f"{self.application} · {self.reviewer}"

    def get_absolute_url(self):
        return reverse("calls:review", args=[self.pk])

    @property
    def is_counted(self):
        return not self.conflict_declared


class Score(models.Model):
    """One reviewer's score on one criterion, with a comment."""

    assignment = models.ForeignKey(
        ReviewAssignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.SmallIntegerField(
        _("score"), validators=[MinValueValidator(-MAX_SCORE), MaxValueValidator(MAX_SCORE)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion__pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class ConflictOfInterest(models.Model):
    """A reviewer's declared conflict: with a person, an organisation, or one application."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conflicts",
    )
    reason = models.TextField(_("reason"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(applicant__isnull=False)
                | models.Q(application__isnull=False)
                | ~models.Q(organisation=""),
                name="conflict_names_someone",
            )
        ]

    def __str__(self):
        return f"{self.reviewer}: {self.applicant or self.organisation or self.application}"

    def covers(self, application):
        if self.application_id is not None and self.application_id == application.pk:
            return True
        if self.applicant_id is not None and self.applicant_id == application.applicant_id:
            return True
        organisation = (application.applicant.organisation or "").strip().casefold()
        return bool(self.organisation) and self.organisation.strip().casefold() == organisation
