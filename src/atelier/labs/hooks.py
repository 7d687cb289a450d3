"""What labs add to other apps: a programme tab, where a plan's action came from, and the
person's notes in their data export and erasure."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def register():
    from atelier.accounts.services import register_eraser, register_exporter
    from atelier.plans.queries import register_action_origins
    from atelier.programmes.queries import register_tab

    from . import queries, services

    register_tab("labs", _("Learning labs"), _programme_labs_url)
    from atelier.programmes.queries import register_programme_picker

    register_programme_picker("labs.programmes", queries.facilitated_programmes)
    from atelier.events import queries as event_queries

    event_queries.register_event_picker(
        "labs.events",
        lambda user: event_queries.events_of_programmes(queries.facilitated_programmes(user)),
    )
    register_action_origins(queries.action_origins)
    register_exporter("lab_participations", services.export_participations)
    register_eraser(services.erase_participations)


def _programme_labs_url(programme):
    return reverse("labs:programme", args=[programme.slug])
