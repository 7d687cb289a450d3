"""Open calls: for experts, event participants, consultants and partners, with review."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "atelier.calls"
    label = "calls"
    verbose_name = _("Calls")

    def ready(self):
        from . import hooks

        hooks.register()
