"""The unified index: one entry per public item of any registered kind, and its vectors."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object"))
    title = models.JSONField(_("title"))
    summary = models.JSONField(_("summary"), null=True, blank=True)
    details = models.JSONField(_("details"), default=list, blank=True)
    url = models.CharField(_("address"), max_length=500)
    language = models.CharField(_("language"), max_length=8, blank=True)
    # What the vectors must be made from, and what they were made from.
    text_hash = models.CharField(_("text hash"), max_length=64)
    embedded_hash = models.CharField(_("embedded hash"), max_length=64, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]
        indexes = [models.Index(fields=["embedded_hash"])]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"


class Vector(models.Model):
    """One embedding of an entry: position 0 is its title and summary, then its text's chunks."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="vectors")
    position = models.PositiveSmallIntegerField(_("position"))
    data = models.BinaryField(_("vector"))

    class Meta:
        verbose_name = _("search vector")
        verbose_name_plural = _("search vectors")
        constraints = [
            models.UniqueConstraint(fields=["entry", "position"], name="search_vector_unique")
        ]

    def __str__(self):
        return f"{self.entry_id}/{self.position}"
