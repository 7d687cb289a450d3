"""Network: organisations, the people directory, the map."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "atelier.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self):
        from . import hooks

        hooks.register()
