"""Core data shared by every app: the theme taxonomy and the audit log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .themes import THEME_LABELS


class Theme(models.Model):
    """A theme of the cultural and creative sectors; its label is a translated UI string."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        return THEME_LABELS.get(self.slug, self.slug)


class AuditLogEntry(models.Model):
    """Who did what to which object, and when; written by services, read by admins."""

    created = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), null=True, blank=True, on_delete=models.SET_NULL
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log entries")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.action}"


class ImportRunBase(models.Model):
    """What every import started in the web UI keeps: who started it, its progress, what it
    created and updated (counted always, the objects themselves up to ``OBJECTS_KEPT``, as
    ``[kind, id]`` pairs) and how it ended. Each app's run adds its ``state`` and its input."""

    OBJECTS_KEPT = 500
    UNFINISHED = ("queued", "running")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows done"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    created_objects = models.JSONField(_("objects created"), default=list, blank=True)
    updated_objects = models.JSONField(_("objects updated"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created"]

    @property
    def percent(self):
        return int(self.done_rows * 100 / self.total_rows) if self.total_rows else 0

    @property
    def in_progress(self):
        """The task worker has this run in hand or waiting: its page keeps asking."""
        return self.state in self.UNFINISHED
