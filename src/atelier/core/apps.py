from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "atelier.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from .uploads import limit_decoding_everywhere

        limit_decoding_everywhere()
