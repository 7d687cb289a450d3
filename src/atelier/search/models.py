"""The unified index: one entry per public item of any registered kind, and its vectors."""

import numpy as np
from django.db import models
from django.utils.translation import gettext_lazy as _

from .embeddings import DIMENSIONS


class EmbeddingField(models.Field):
    """A vector of the embedding model: pgvector's ``vector`` on PostgreSQL, so the database
    searches it (HNSW, cosine), and float32 bytes elsewhere. Python sees the bytes either way."""

    description = _("embedding")

    def __init__(self, *args, dimensions=DIMENSIONS, **kwargs):
        self.dimensions = dimensions
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        if self.dimensions != DIMENSIONS:
            kwargs["dimensions"] = self.dimensions
        return name, path, args, kwargs

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return f"vector({self.dimensions})"
        return models.BinaryField().db_type(connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        if connection.vendor == "postgresql":
            return to_pgvector(value)
        return connection.Database.Binary(bytes(value))

    def from_db_value(self, value, expression, connection):
        if isinstance(value, str):
            return np.array(value[1:-1].split(","), dtype=np.float32).tobytes()
        return value

    def to_python(self, value):
        return value


def to_pgvector(value):
    """pgvector's text form of a vector given as float32 bytes or an array."""
    if isinstance(value, bytes | bytearray | memoryview):
        value = np.frombuffer(bytes(value), dtype=np.float32)
    return "[" + ",".join(map(repr, np.asarray(value, dtype=np.float32).tolist())) + "]"


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
    # The item's date, for "newest first".
    dated = models.DateTimeField(_("date"), null=True, blank=True)
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


class Facet(models.Model):
    """One facet value of an entry ("kind:toolkit", "lang:bg", "theme:heritage"): what a kind's
    list filters on and counts, whatever the item's field it comes from."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="facets")
    key = models.CharField(_("key"), max_length=120)

    class Meta:
        verbose_name = _("search facet")
        verbose_name_plural = _("search facets")
        constraints = [models.UniqueConstraint(fields=["key", "entry"], name="search_facet_once")]
        indexes = [models.Index(fields=["entry", "key"])]

    def __str__(self):
        return self.key


class KindState(models.Model):
    """A kind's generation: a new one whenever an entry of the kind comes or goes or changes its
    facets or date, in the same transaction. Each process's facet index of the kind follows it."""

    kind = models.CharField(_("kind"), max_length=40, primary_key=True)
    generation = models.CharField(_("generation"), max_length=32)

    class Meta:
        verbose_name = _("search kind state")
        verbose_name_plural = _("search kind states")

    def __str__(self):
        return f"{self.kind}:{self.generation}"


class Vector(models.Model):
    """One embedding of an entry: position 0 is its title and summary, then its text's chunks."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="vectors")
    position = models.PositiveSmallIntegerField(_("position"))
    data = EmbeddingField(_("vector"))

    class Meta:
        verbose_name = _("search vector")
        verbose_name_plural = _("search vectors")
        constraints = [
            models.UniqueConstraint(fields=["entry", "position"], name="search_vector_unique")
        ]

    def __str__(self):
        return f"{self.entry_id}/{self.position}"
