"""What calls add to other apps: the programme tab, personal data export and erasure."""


def register():
    from django.utils.translation import gettext_lazy as _

    from atelier.accounts.services import register_eraser, register_exporter
    from atelier.programmes.queries import register_tab

    from . import services

    register_tab("calls", _("Calls"), _programme_calls_url)
    register_exporter("call_applications", services.export_applications)
    register_eraser(services.erase_applications)


def _programme_calls_url(programme):
    from django.urls import reverse

    return f"{reverse('calls:list')}?programme={programme.slug}"
