"""Experts: the expert pool, support requests, matching, missions, consultation offers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "atelier.experts"
    label = "experts"
    verbose_name = _("Experts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import hooks, rules  # noqa: F401

        hooks.register()
