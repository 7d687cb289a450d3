"""What programmes add to other apps' pages: the home section, organisation filters."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


def register():
    from atelier.core.home import register_section
    from atelier.network import queries as network_queries

    from . import queries

    register_section(
        "programmes",
        provider=queries.home_programmes,
        template="programmes/home_section.html",
        more_url=reverse_lazy("programmes:list"),
    )
    network_queries.register_programme_filter(picker="programmes", apply=_by_programme)
    from atelier.core.search_registry import register as register_search

    register_search(_search_source())
    queries.register_programme_picker("programmes", queries.programmes_for)
    queries.register_programme_picker("programmes.coordinated", queries.coordinated_programmes)
    _accept_invitations_on_log_in()
    network_queries.register_organisation_section(
        "programmes",
        provider=lambda organisation: {
            "partnerships": list(queries.programmes_of_organisation(organisation)),
            "title": _("Programmes"),
        },
        template="programmes/organisation_programmes.html",
    )


def _accept_invitations_on_log_in():
    """Invitations to an address wait for its owner: they are accepted when that person logs
    in (a sign-up confirmed by e-mail logs in too) or confirms the address on their account."""
    from allauth.account.signals import email_confirmed
    from django.contrib.auth.signals import user_logged_in

    def on_log_in(sender, request, user, **kwargs):
        _accept(request, user)

    def on_confirmed(sender, request, email_address, **kwargs):
        _accept(request, email_address.user)

    user_logged_in.connect(on_log_in, weak=False, dispatch_uid="programmes.invitations.log_in")
    email_confirmed.connect(
        on_confirmed, weak=False, dispatch_uid="programmes.invitations.confirmed"
    )


def _accept(request, user):
    from django.contrib import messages
    from django.utils.translation import gettext as _gettext

    from . import services

    for invitation in services.accept_pending_invitations(user):
        if request is not None:
            messages.success(
                request,
                _gettext("You are now %(role)s in %(programme)s.")
                % {
                    "role": invitation.get_role_display().lower(),
                    "programme": invitation.programme,
                },
                fail_silently=True,
            )


def _by_programme(queryset, slug):
    return queryset.filter(partnerships__programme__slug=slug)


def _search_source():
    from django.utils.translation import gettext_lazy as _

    from atelier.core.search_registry import Document, Source

    from . import queries
    from .models import Programme

    def document(programme):
        years = "–".join(
            str(date.year) for date in (programme.start_date, programme.end_date) if date
        )
        return Document(
            title=programme.title,
            summary=programme.description,
            body=" ".join(part for part in (programme.area.text, programme.scope.text) if part),
            keywords=" ".join(
                part for part in (programme.acronym, programme.identifier, programme.slug) if part
            ),
            url=programme.get_absolute_url(),
            details=[part for part in (programme.acronym, years) if part],
        )

    return Source(
        kind="programme",
        label=_("Programmes"),
        model=Programme,
        public=queries.programmes,
        document=document,
    )
