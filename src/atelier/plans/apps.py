"""Action plans: goals, actions, indicators and progress updates, tracked in public."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "atelier.plans"
    label = "plans"
    verbose_name = _("Action plans")

    def ready(self):
        from . import hooks, rules  # noqa: F401

        hooks.register()
