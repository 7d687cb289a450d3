"""What events add to other apps: the home section, the programme tab, personal data."""

from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _


def register():
    from atelier.accounts.services import register_eraser, register_exporter
    from atelier.core.home import register_section
    from atelier.programmes.queries import register_tab

    from . import queries, services
    from .services import certificates

    register_section(
        "events",
        provider=queries.home_events,
        template="events/home_section.html",
        more_url=reverse_lazy("events:list"),
    )
    from atelier.core.search_registry import register as register_search

    register_search(_search_source())
    register_tab("events", _("Events"), _programme_events_url)
    queries.register_event_picker("events.upcoming", lambda user: queries.events_a_call_may_name())
    register_exporter("event_registrations", services.export_registrations)
    register_exporter("event_attendance", certificates.export_attendance)
    register_eraser(certificates.erase_certificates)
    register_eraser(services.erase_registrations)

    from atelier.core.periodic import register as register_job

    register_job("event_offers", "atelier.events.tasks.expire_event_offers")
    register_job("event_reminders", "atelier.events.tasks.send_event_reminders")


def _programme_events_url(programme):
    return f"{reverse('events:list')}?programme={programme.slug}&when=all"


def _search_source():
    from django.utils.translation import gettext_lazy as _

    from atelier.core.search_registry import Document, Source

    from . import queries
    from .models import Event

    def document(event):
        place = ", ".join(part for part in (event.venue_name, event.venue_city) if part)
        return Document(
            title=event.title,
            summary=event.description,
            keywords=" ".join(
                part for part in (place, event.programme and event.programme.acronym) if part
            ),
            url=event.get_absolute_url(),
            details=[
                part
                for part in (
                    event.starts_at.date().isoformat(),
                    event.venue_city,
                    str(event.get_type_display()),
                )
                if part
            ],
        )

    return Source(
        kind="event",
        label=_("Events"),
        model=Event,
        public=lambda: queries.public_events().select_related("programme"),
        document=document,
    )
