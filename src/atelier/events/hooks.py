"""What events add to other apps: the home section, the programme tab, personal data."""

from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _


def register():
    from atelier.accounts.services import register_eraser, register_exporter
    from atelier.core.home import register_section
    from atelier.programmes.queries import register_tab

    from . import certificates, queries, services

    register_section(
        "events",
        provider=queries.home_events,
        template="events/home_section.html",
        more_url=reverse_lazy("events:list"),
    )
    register_tab("events", _("Events"), _programme_events_url)
    register_exporter("event_registrations", services.export_registrations)
    register_exporter("event_attendance", certificates.export_attendance)
    register_eraser(certificates.erase_certificates)
    register_eraser(services.erase_registrations)


def _programme_events_url(programme):
    return f"{reverse('events:list')}?programme={programme.slug}&when=all"
