"""The library: resources, files, licences, collections, contribution, podcasts, OAI-PMH."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "atelier.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self):
        from . import hooks

        hooks.register()
