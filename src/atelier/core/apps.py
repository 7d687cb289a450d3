"""Core: languages, multilingual text, themes, audit log, base templates, shared helpers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "atelier.core"
    label = "core"
    verbose_name = _("Core")
