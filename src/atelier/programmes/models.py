"""Programmes (funded projects, consortia, networks), their partners, community and imports."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from atelier.accounts import roles
from atelier.core.models import ImportRunBase
from atelier.core.multilingual import MultilingualTextField


def logo_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"logos/programmes/{uuid.uuid4().hex}.{extension}"


def import_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"imports/{uuid.uuid4().hex}.{extension}"


class FundingProgramme(models.TextChoices):
    ERASMUS_PLUS = "erasmus-plus", _("Erasmus+")
    CREATIVE_EUROPE = "creative-europe", _("Creative Europe")
    CULTURE_2007_2013 = "culture-2007-2013", _("Culture programme (2007–2013)")
    INTERREG = "interreg", _("Interreg")
    URBACT = "urbact", _("URBACT")
    HORIZON_EUROPE = "horizon-europe", _("Horizon Europe")
    SERVICE_CONTRACT = "service-contract", _("Service contract")
    NATIONAL = "national", _("National funding")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    RUNNING = "running", _("Running")
    PAST = "past", _("Past")
    UNKNOWN = "unknown", _("Dates not known")


class Programme(models.Model):
    """A funded project, consortium or network: the home of its library, events, calls..."""

    class CommunityAccess(models.TextChoices):
        OPEN = "open", _("Open: any member may join")
        REQUEST = "request", _("On request: coordinators accept members")
        INVITATION = "invitation", _("By invitation only")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered on Atelier")
        IMPORT = "import", _("Imported")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ENDED = "ended", _("Ended")

    title = MultilingualTextField(_("title"))
    acronym = models.CharField(_("acronym"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = MultilingualTextField(_("description"), blank=True, default=dict)
    funding_programme = models.CharField(
        _("funding programme"),
        max_length=30,
        choices=FundingProgramme.choices,
        default=FundingProgramme.OTHER,
        db_index=True,
    )
    funding_strand = models.CharField(
        _("strand"), max_length=200, blank=True, help_text=_("For example Interreg South Baltic.")
    )
    action_type = models.CharField(_("action type"), max_length=200, blank=True)
    identifier = models.CharField(
        _("project identifier"), max_length=60, unique=True, null=True, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True, db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True, db_index=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"),
        null=True,
        blank=True,
        help_text=_("As stated, when the exact dates are not known."),
        # Fifty years: longer is a typing error, and months become dates in reports.
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    total_budget = models.DecimalField(
        _("total budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    eu_contribution = models.DecimalField(
        _("EU or grant contribution (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cofinancing_rate = models.DecimalField(
        _("co-financing rate as stated (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    area = MultilingualTextField(_("area"), blank=True, default=dict)
    scope = MultilingualTextField(_("scope"), blank=True, default=dict)
    themes = models.ManyToManyField(
        "core.Theme", verbose_name=_("themes"), blank=True, related_name="programmes"
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    community_access = models.CharField(
        _("community access"),
        max_length=20,
        choices=CommunityAccess.choices,
        default=CommunityAccess.OPEN,
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    # A draft is seen by its team only; an ended programme stays public, read-only.
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PUBLISHED, db_index=True
    )
    ended_at = models.DateTimeField(_("ended on"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kept_by = models.CharField(
        _("pages kept by"),
        max_length=300,
        blank=True,
        help_text=_("Who keeps these pages once the programme has ended, and how to reach them."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-start_date", "slug"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="programme_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(cofinancing_rate__isnull=True)
                | models.Q(cofinancing_rate__gte=0, cofinancing_rate__lte=100),
                name="programme_cofinancing_rate_is_a_percentage",
            ),
        ]

    def __str__(self):
        return str(self.title)

    def get_absolute_url(self):
        return reverse("programmes:detail", args=[self.slug])

    @property
    def role_scope(self):
        return self

    @property
    def is_draft(self):
        return self.state == self.State.DRAFT

    @property
    def is_ended(self):
        return self.state == self.State.ENDED

    def status_on(self, today=None):
        today = today or date.today()
        if self.start_date and today < self.start_date:
            return Status.UPCOMING
        if self.end_date and today > self.end_date:
            return Status.PAST
        if self.start_date:
            return Status.RUNNING
        return Status.UNKNOWN

    @property
    def status(self):
        return self.status_on()

    @property
    def months(self):
        """Duration in months: from the dates where known, else as stated."""
        if self.start_date and self.end_date:
            # Counted to the day after the end: 1 Jan to 31 Dec is twelve months.
            after = self.end_date + timedelta(days=1)
            months = (after.year - self.start_date.year) * 12 + after.month - self.start_date.month
            return months - (1 if after.day < self.start_date.day else 0)
        return self.duration_months

    @property
    def computed_cofinancing_rate(self):
        if self.total_budget and self.eu_contribution is not None:
            rate = self.eu_contribution * 100 / self.total_budget
            return rate.quantize(Decimal("0.1"))
        return None

    @property
    def cofinancing_rates_disagree(self):
        computed = self.computed_cofinancing_rate
        if computed is None or self.cofinancing_rate is None:
            return False
        return abs(computed - self.cofinancing_rate) > Decimal("0.5")


class Partner(models.Model):
    """An organisation's part in a programme."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead partner")
        PARTNER = "partner", _("Partner")
        ASSOCIATED = "associated", _("Associated partner")
        AFFILIATED = "affiliated", _("Affiliated entity")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    budget = models.DecimalField(
        _("partner budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["programme", "order", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"], name="unique_partner_per_programme"
            )
        ]

    def __str__(self):
        return f"{self.organisation} · {self.get_role_display()}"

    @property
    def role_scope(self):
        return self.programme


class Membership(models.Model):
    """A person in a programme's community."""

    class State(models.TextChoices):
        ACTIVE = "active", _("Member")
        REQUESTED = "requested", _("Asked to join")
        INVITED = "invited", _("Invited")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="programme_memberships",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    created = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["programme", "created"]
        verbose_name = _("community membership")
        verbose_name_plural = _("community memberships")
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} · {self.programme} · {self.get_state_display()}"

    @property
    def role_scope(self):
        return self.programme


class Invitation(models.Model):
    """An invitation by e-mail into a role of a programme's team.

    The person may have no account yet: the role is theirs once they accept the link of the
    e-mail, or sign up or log in with the invited address confirmed.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=roles.Role.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "-created"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "email", "role"],
                condition=models.Q(state="pending"),
                name="one_pending_invitation_per_role",
            )
        ]

    def __str__(self):
        return f"{self.email} · {self.get_role_display()} · {self.programme}"

    @property
    def role_scope(self):
        return self.programme


class ImportRun(ImportRunBase):
    """An import of a projects export started in the web UI: preview, then the real run.

    Its outcome counts programmes and keeps the programmes it created and updated; the
    ``summary`` adds the organisations, the rows skipped and the warnings."""

    class State(models.TextChoices):
        PREVIEWING = "previewing", _("Preparing the preview")
        PREVIEWED = "previewed", _("Previewed")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    UNFINISHED = (State.PREVIEWING, State.QUEUED, State.RUNNING)

    file = models.FileField(_("file"), upload_to=import_path)
    original_name = models.CharField(_("original file name"), max_length=255)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PREVIEWING
    )
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta(ImportRunBase.Meta):
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self):
        return f"{self.original_name} · {self.get_state_display()}"
