from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "atelier.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db import connections
        from django.db.backends.signals import connection_created

        from .pagecache import watch_writes
        from .uploads import limit_decoding_everywhere

        limit_decoding_everywhere()
        # Every write to the database moves the page cache's generation on after it commits.
        connection_created.connect(watch_writes, dispatch_uid="atelier.core.pagecache")
        for connection in connections.all(initialized_only=True):
            watch_writes(sender=None, connection=connection)
