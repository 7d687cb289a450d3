"""Programmes: funded projects, consortia and networks, their partners, funding and teams."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "atelier.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        from . import hooks

        hooks.register()
