"""The expert pool, support requests and their missions, and consultation offers.

Areas are slugs of ``areas.AREAS`` kept in JSON lists, so the matcher reads a whole profile
as plain values in one query. ``ExpertProfile.filter_keys`` repeats areas, languages,
countries, ECoC experience, the fields shown, language levels and keywords as space-separated
tokens ("area:fundraising-eu-funding lang:pl level:pl:C2 country:BG ecoc show:areas
kw:creative+europe"), so the directory filters with one portable ``contains`` on SQLite and
PostgreSQL alike, and the matcher reads every profile from one text column instead of decoding
four JSON documents per expert.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

from atelier.core.languages import language_name
from atelier.core.multilingual import MultilingualTextField
from atelier.core.storage import private_storage
from atelier.core.validators import SCHEDULE_YEARS

from .text import keyword_key


class Format(models.TextChoices):
    ON_SITE = "on-site", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (on site and online)")


class LanguageLevel(models.TextChoices):
    """Levels of the Common European Framework of Reference, and a mother tongue."""

    A1 = "A1", _("A1 (beginner)")
    A2 = "A2", _("A2 (elementary)")
    B1 = "B1", _("B1 (intermediate)")
    B2 = "B2", _("B2 (upper intermediate)")
    C1 = "C1", _("C1 (advanced)")
    C2 = "C2", _("C2 (proficient)")
    NATIVE = "native", _("Mother tongue")


# Levels from which an expert can work in the language (lead a workshop, write a report).
WORKING_LEVELS = frozenset({"B2", "C1", "C2", "native"})


def spoken_language(code, level):
    """ "English (C1)", "Bulgarian (mother tongue)", or the language's name alone."""
    name = language_name(code)
    if level == LanguageLevel.NATIVE:
        return _("%(language)s (mother tongue)") % {"language": name}
    if level in LanguageLevel.values:
        return f"{name} ({level})"
    return name


def cv_path(instance, filename):
    # The extension is the sniffed type's (``services.store_cv``); never the uploader's.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    if not extension.isalnum() or len(extension) > 8:
        extension = "bin"
    return f"experts/cv/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}.{extension}"


class ExpertProfile(models.Model):
    """A person in the expert pool: what they know, speak, where they worked, when they can."""

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available")
        LIMITED = "limited", _("Limited availability")
        UNAVAILABLE = "unavailable", _("Not available")

    class Visible(models.TextChoices):
        """What an expert may choose to show in the public directory (the CV never is)."""

        AREAS = "areas", _("Areas of expertise")
        KEYWORDS = "keywords", _("Keywords")
        LANGUAGES = "languages", _("Languages")
        COUNTRIES = "countries", _("Countries of experience")
        ECOC = "ecoc", _("European Capital of Culture experience")
        AVAILABILITY = "availability", _("Availability")
        DAILY_RATE = "daily_rate", _("Daily rate")
        BIO = "bio", _("Biography")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="expert_profile",
    )
    areas = models.JSONField(_("areas of expertise"), default=list, blank=True)
    keywords = models.JSONField(
        _("keywords"),
        default=list,
        blank=True,
        help_text=_("Free words for what you know, beyond the areas."),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("A list of {code, level} with CEFR levels (A1 to C2) or native."),
    )
    countries = models.JSONField(
        _("countries of experience"),
        default=list,
        blank=True,
        help_text=_("ISO country codes of the countries you have worked in."),
    )
    ecoc_experience = models.TextField(
        _("European Capital of Culture experience"), blank=True, max_length=4000
    )
    ecoc_cities = models.JSONField(
        _("European Capitals of Culture worked with"),
        default=list,
        blank=True,
        help_text=_("A list of {city, year}."),
    )
    has_ecoc_experience = models.BooleanField(
        _("has European Capital of Culture experience"), default=False, db_index=True
    )
    availability = models.CharField(
        _("availability"),
        max_length=20,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
        db_index=True,
    )
    available_from = models.DateField(
        _("available from"), null=True, blank=True, validators=[SCHEDULE_YEARS]
    )
    available_until = models.DateField(
        _("available until"), null=True, blank=True, validators=[SCHEDULE_YEARS]
    )
    daily_rate = models.DecimalField(
        _("daily rate"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR", blank=True)
    bio = MultilingualTextField(_("biography"), blank=True, default=dict)
    cv = models.FileField(
        _("CV"), upload_to=cv_path, storage=private_storage, max_length=200, blank=True
    )
    cv_name = models.CharField(_("CV file name"), max_length=200, blank=True)
    visible_fields = models.JSONField(
        _("shown in the directory"),
        default=list,
        blank=True,
        help_text=_("What the public directory shows besides your name. Never your CV."),
    )
    is_listed = models.BooleanField(_("listed in the directory"), default=False, db_index=True)
    filter_keys = models.TextField(_("filter keys"), blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(available_until__isnull=True)
                | models.Q(available_from__isnull=True)
                | models.Q(available_until__gte=models.F("available_from")),
                name="expert_available_until_after_from",
            ),
            models.CheckConstraint(
                condition=models.Q(daily_rate__isnull=True) | models.Q(daily_rate__gte=0),
                name="expert_daily_rate_not_negative",
            ),
        ]

    def __str__(self):
        return self.user.display_name_or_fallback

    def save(self, *args, **kwargs):
        self.refresh_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "has_ecoc_experience", "filter_keys"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("experts:detail", args=[self.pk])

    @property
    def language_codes(self):
        return [entry.get("code") for entry in self.languages if entry.get("code")]

    def shows(self, field):
        return field in self.visible_fields

    # What pages show, in the reader's language.

    @property
    def area_labels(self):
        from .areas import area_label

        return [area_label(slug) for slug in self.areas]

    @property
    def language_labels(self):
        return [
            spoken_language(entry["code"], entry.get("level", ""))
            for entry in self.languages
            if entry.get("code")
        ]

    @property
    def country_names(self):
        return [str(dict(countries).get(code, code)) for code in self.countries]

    def refresh_derived(self):
        """Recompute the ECoC flag and the directory's filter keys from the fields."""
        self.has_ecoc_experience = bool(self.ecoc_cities or self.ecoc_experience.strip())
        self.filter_keys = build_filter_keys(
            self.areas,
            self.languages,
            self.countries,
            self.has_ecoc_experience,
            self.visible_fields,
            self.keywords,
        )


def build_filter_keys(areas, languages, countries, has_ecoc, visible_fields, keywords=()):
    keys = [f"area:{slug}" for slug in areas]
    for entry in languages:
        if entry.get("code"):
            keys.append(f"lang:{entry['code']}")
            if entry.get("level"):
                keys.append(f"level:{entry['code']}:{entry['level']}")
    keys += [f"country:{code}" for code in countries]
    if has_ecoc:
        keys.append("ecoc")
    keys += [f"show:{field}" for field in visible_fields]
    keys += [f"kw:{key}" for key in dict.fromkeys(map(keyword_key, keywords)) if key]
    # Leading and trailing spaces let a filter look for " key " without matching a prefix.
    return f" {' '.join(keys)} " if keys else ""


class SupportRequest(models.Model):
    """A city team or organisation asks for an expert's help on some topics."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="support_requests",
    )
    organisation_name = models.CharField(_("organisation or city team"), max_length=200)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
    )
    areas = models.JSONField(_("topics"), default=list, blank=True)
    title = MultilingualTextField(_("title"))
    description = MultilingualTextField(_("description"), blank=True, default=dict)
    languages = models.JSONField(
        _("working languages"), default=list, blank=True, help_text=_("Language codes.")
    )
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.ONLINE
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    needs_ecoc_experience = models.BooleanField(
        _("European Capital of Culture experience wanted"), default=False
    )
    starts_on = models.DateField(_("from"), null=True, blank=True, validators=[SCHEDULE_YEARS])
    ends_on = models.DateField(_("until"), null=True, blank=True, validators=[SCHEDULE_YEARS])
    budget = models.DecimalField(
        _("budget"), max_digits=11, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="support_request_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="support_request_budget_not_negative",
            ),
        ]

    def __str__(self):
        return str(self.title)

    def role_scope(self):
        return self.programme


class Mission(models.Model):
    """An expert proposed for, then working on, one support request."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        IN_PROGRESS = "in-progress", _("In progress")
        DELIVERED = "delivered", _("Delivered")
        EVALUATED = "evaluated", _("Evaluated")
        CANCELLED = "cancelled", _("Cancelled")

    support_request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("support request"),
        on_delete=models.CASCADE,
        related_name="missions",
    )
    expert = models.ForeignKey(
        ExpertProfile,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        related_name="missions",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.PROPOSED,
        db_index=True,
    )
    deliverables = models.TextField(_("deliverables"), blank=True, max_length=10000)
    outputs = models.ManyToManyField(
        "library.Resource",
        verbose_name=_("published outputs"),
        through="MissionOutput",
        blank=True,
        related_name="expert_missions",
    )
    feedback = models.TextField(_("requester's feedback"), blank=True, max_length=10000)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    evaluated_at = models.DateTimeField(_("evaluated"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["support_request", "expert"], name="one_mission_per_expert_per_request"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="mission_rating_from_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.expert} — {self.support_request}"

    def role_scope(self):
        return self.support_request.programme


class MissionOutput(models.Model):
    """A library resource a mission produced and published."""

    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), on_delete=models.CASCADE, related_name="+"
    )
    resource = models.ForeignKey(
        "library.Resource", verbose_name=_("resource"), on_delete=models.CASCADE, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("mission output")
        verbose_name_plural = _("mission outputs")
        constraints = [
            models.UniqueConstraint(fields=["mission", "resource"], name="one_output_per_resource")
        ]

    def __str__(self):
        return f"{self.mission_id} → {self.resource_id}"


class ConsultationOffer(models.Model):
    """An organisation offers to advise others on how it works."""

    class Topic(models.TextChoices):
        WORKING_STRUCTURES = "working-structures", _("Working structures")
        PROJECT_PLANNING = "project-planning", _("Project planning")
        ORGANISATIONAL_QUESTIONS = "organisational-questions", _("Organisational questions")
        DESIGN_THINKING = "design-thinking", _("Design thinking")
        FUNDING = "funding", _("Funding and applications")
        PARTNERSHIPS = "partnerships", _("Partnerships and networks")
        AUDIENCES = "audiences", _("Audiences and communication")
        DIGITAL = "digital", _("Digital tools")

    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="consultation_offers",
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("offered by"),
        on_delete=models.CASCADE,
        related_name="consultation_offers",
    )
    title = MultilingualTextField(_("title"))
    description = MultilingualTextField(_("description"), blank=True, default=dict)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    areas = models.JSONField(_("areas of expertise"), default=list, blank=True)
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.ONLINE
    )
    conditions = models.TextField(
        _("conditions"),
        blank=True,
        max_length=4000,
        help_text=_("Cost, duration, who may ask, what to prepare."),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_offers",
    )
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("consultation offer")
        verbose_name_plural = _("consultation offers")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return str(self.title)

    def role_scope(self):
        return self.programme


class ConsultationRequest(models.Model):
    """Someone asks an organisation for the consultation it offers."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ANSWERED = "answered", _("Answered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        IN_PROGRESS = "in-progress", _("In progress")
        DELIVERED = "delivered", _("Delivered")
        CLOSED = "closed", _("Closed")

    OPEN_STATUSES = ("sent", "answered", "accepted", "in-progress")

    offer = models.ForeignKey(
        ConsultationOffer,
        verbose_name=_("offer"),
        on_delete=models.CASCADE,
        related_name="requests",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="consultation_requests",
    )
    message = models.TextField(_("message"), max_length=10000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SENT, db_index=True
    )
    answer = models.TextField(_("answer"), blank=True, max_length=10000)
    feedback = models.TextField(_("feedback"), blank=True, max_length=10000)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation request")
        verbose_name_plural = _("consultation requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "requester"],
                condition=models.Q(status__in=["sent", "answered", "accepted", "in-progress"]),
                name="one_open_consultation_request_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="consultation_rating_from_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.requester} — {self.offer}"

    def role_scope(self):
        return self.offer.programme
