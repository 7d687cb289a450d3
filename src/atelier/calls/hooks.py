"""What calls add to other apps: the programme tab, personal data export and erasure."""


def register():
    from django.utils.translation import gettext_lazy as _

    from atelier.accounts.services import register_eraser, register_exporter
    from atelier.programmes.queries import register_tab

    from . import services

    register_tab("calls", _("Calls"), _programme_calls_url)
    register_exporter("call_applications", services.export_applications)
    register_eraser(services.erase_applications)

    from atelier.core.search_registry import register as register_search

    register_search(_search_source())


def _programme_calls_url(programme):
    from django.urls import reverse

    return f"{reverse('calls:list')}?programme={programme.slug}"


def _search_source():
    from django.utils.translation import gettext_lazy as _

    from atelier.core.search_registry import Document, Source

    from .models import Call

    def document(call):
        return Document(
            title=call.title,
            summary=call.description,
            body=call.eligibility.text,
            keywords=call.programme.acronym if call.programme_id else "",
            url=call.get_absolute_url(),
            details=[str(call.get_type_display()), call.closes_at.date().isoformat()],
        )

    return Source(
        kind="call",
        label=_("Calls"),
        model=Call,
        public=lambda: Call.objects.filter(status=Call.Status.PUBLISHED).select_related(
            "programme"
        ),
        document=document,
    )
