"""Events: trainings, academy camps, webinars, labs and forums, with registration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "atelier.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from . import hooks

        hooks.register()
