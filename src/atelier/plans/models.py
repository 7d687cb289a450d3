"""Action plans tracked in public: goals, actions with progress, indicators with history.

A plan belongs to a programme, an organisation (a city, a network) or a free-text place. Its
public page follows Decidim's accountability: each action carries a status and a progress %, and
progress updates keep the timeline. Actions may later come from a learning lab's theme: the
``source_label``/``source_url`` fields keep a link to where a proposed action came from.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from atelier.core.html import is_safe_url
from atelier.core.models import ImportRunBase
from atelier.core.multilingual import MultilingualTextField

PROGRESS_RANGE = Q(progress__gte=0) & Q(progress__lte=100)


def validate_source_url(value):
    """A page of this site (``/labs/...``) or an https address; never ``javascript:``, nor
    ``//host`` or ``/\\host``, which browsers read as another host."""
    if is_safe_url(value, schemes=("https",)):
        return
    raise ValidationError(
        _("Give an address starting with https:// or a path on this site starting with /.")
    )


class Plan(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: everyone may read it")
        MEMBERS = "members", _("Members: signed-in members may read it")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    title = MultilingualTextField(_("title"))
    description = MultilingualTextField(_("description"), blank=True, default=dict)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("city or organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
    )
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("A city or region, when the plan belongs to no organisation on Atelier."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    starts_on = models.DateField(_("period start"), null=True, blank=True)
    ends_on = models.DateField(_("period end"), null=True, blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("plan managers"),
        blank=True,
        related_name="managed_plans",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="plans_plan_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=["public", "members"]),
                name="plans_plan_visibility_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "active", "closed"]),
                name="plans_plan_status_known",
            ),
        ]

    def __str__(self):
        return str(self.title)

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.slug])

    def role_scope(self):
        # Coordinators of the plan's programme edit it; without one, platform-wide coordinators.
        return self.programme

    @property
    def owner_name(self):
        if self.organisation_id:
            return str(self.organisation)
        if self.programme_id:
            return str(self.programme)
        return self.place


class Goal(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = MultilingualTextField(_("title"))
    description = MultilingualTextField(_("description"), blank=True, default=dict)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "position", "pk"]

    def __str__(self):
        return str(self.title)

    def role_scope(self):
        return self.plan.programme


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in-progress", _("In progress")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


class Action(models.Model):
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="actions"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = MultilingualTextField(_("title"))
    description = MultilingualTextField(_("description"), blank=True, default=dict)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owners"),
        blank=True,
        related_name="plan_actions",
        help_text=_("People on Atelier who carry the action and post its progress."),
    )
    owner_text = models.CharField(
        _("owners (as text)"),
        max_length=500,
        blank=True,
        help_text=_("Who carries the action, when they are not on Atelier."),
    )
    partners = models.ManyToManyField(
        "network.Organisation", verbose_name=_("partners"), blank=True, related_name="plan_actions"
    )
    partner_text = models.CharField(
        _("partners (as text)"),
        max_length=500,
        blank=True,
        help_text=_("Partners that are not in the organisation directory."),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    budget = models.DecimalField(
        _("budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(_("funding source"), max_length=300, blank=True)
    # Where a proposed action came from, e.g. a learning lab's theme (kept when labs exist).
    source_label = models.CharField(_("comes from"), max_length=300, blank=True)
    source_url = models.CharField(
        _("link to its source"), max_length=500, blank=True, validators=[validate_source_url]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["goal__position", "goal_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=PROGRESS_RANGE, name="plans_action_progress_0_100"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(due_on__isnull=True)
                | Q(due_on__gte=models.F("starts_on")),
                name="plans_action_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="plans_action_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ActionStatus]),
                name="plans_action_status_known",
            ),
        ]

    def __str__(self):
        return str(self.title)

    def role_scope(self):
        return self.goal.plan.programme


class Indicator(models.Model):
    """What a plan or one of its goals measures; ``current_value`` is the latest measurement."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicators"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
        help_text=_("Leave empty for an indicator of the whole plan."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    name = MultilingualTextField(_("name"))
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    current_value = models.DecimalField(
        _("current value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    measured_on = models.DateField(_("measured on"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(current_value__isnull=True) | Q(measured_on__isnull=False),
                name="plans_indicator_value_has_date",
            ),
        ]

    def __str__(self):
        return str(self.name)

    def role_scope(self):
        return self.plan.programme


class IndicatorMeasurement(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    measured_on = models.DateField(_("measured on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["-measured_on", "-pk"]

    def __str__(self):
        return f"{self.value} ({self.measured_on})"


class ProgressUpdate(models.Model):
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"))
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_progress_updates",
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=PROGRESS_RANGE, name="plans_update_progress_0_100"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ActionStatus]),
                name="plans_update_status_known",
            ),
        ]

    def __str__(self):
        return f"{self.action} · {self.date} · {self.progress}%"


class ImportRun(ImportRunBase):
    """A CSV file of actions imported into a plan by the task worker, with its progress.

    Its rows are checked when it is uploaded; a file of thousands of actions then takes a
    minute or more to write, which the worker does one row per transaction. Its outcome counts
    actions and keeps the actions it created and updated.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="import_runs"
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.QUEUED)
    content = models.TextField(_("CSV file"))
    problems = models.JSONField(_("problems"), default=list, blank=True)

    class Meta(ImportRunBase.Meta):
        verbose_name = _("import of actions")
        verbose_name_plural = _("imports of actions")

    def __str__(self):
        return f"{self.plan} · {self.get_state_display()}"
