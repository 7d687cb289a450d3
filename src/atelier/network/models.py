"""Organisations that take part in programmes, and the sectors they work in."""

import re
import unicodedata
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from atelier.core.multilingual import MultilingualTextField

from .sectors import SECTOR_LABELS


def normalise_name(name):
    """The form of a name used to recognise the same organisation written differently.

    Case, accents, punctuation and repeated spaces do not make another organisation:
    "CONFRARIA DE PESCADORES DE LIRA  " and "Confraría de pescadores de Lira" are one.
    """
    text = unicodedata.normalize("NFKD", str(name or "")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())[:300]


def logo_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"logos/organisations/{uuid.uuid4().hex}.{extension}"


class Sector(models.Model):
    """A sector of the cultural and creative sectors; its label is a translated UI string."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        return SECTOR_LABELS.get(self.slug, self.slug)


class Organisation(models.Model):
    """An organisation: lead, partner or associated partner of programmes."""

    class Kind(models.TextChoices):
        NGO = "ngo", _("NGO / association")
        PUBLIC_BODY = "public", _("Public body")
        MUNICIPALITY = "municipality", _("Municipality or region")
        UNIVERSITY = "university", _("University or school")
        CULTURAL_INSTITUTION = "institution", _("Cultural institution")
        COMPANY = "company", _("Company / SME")
        NETWORK = "network", _("Network")
        FOUNDATION = "foundation", _("Foundation")
        OTHER = "other", _("Other")

    name = MultilingualTextField(_("name"))
    normalised_name = models.CharField(
        _("normalised name"), max_length=300, editable=False, db_index=True
    )
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = CountryField(_("country"), blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    description = MultilingualTextField(_("description"), blank=True, default=dict)
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="organisations"
    )
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["normalised_name", "pk"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["normalised_name", "country"], name="unique_organisation_name_country"
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
                ),
                name="organisation_coordinates_valid",
            ),
        ]

    def __str__(self):
        return str(self.name)

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.name.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("network:organisation-detail", args=[self.pk])

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None
