"""Learning labs: world-café rounds at tables, shared notes, themes and a dot vote."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "atelier.labs"
    label = "labs"
    verbose_name = _("Learning labs")

    def ready(self):
        from . import hooks, rules  # noqa: F401

        hooks.register()
