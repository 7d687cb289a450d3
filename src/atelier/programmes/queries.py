"""The read path of programmes: lists, status filters, partners, the at-a-glance figures."""

from collections import Counter
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Membership, Partner, Programme, Status


def programmes():
    """Every programme is public."""
    return Programme.objects.all()


def with_status(queryset, status, today=None):
    today = today or date.today()
    if status == Status.UPCOMING:
        return queryset.filter(start_date__gt=today)
    if status == Status.RUNNING:
        return queryset.filter(start_date__lte=today).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )
    if status == Status.PAST:
        return queryset.filter(end_date__lt=today)
    if status == Status.UNKNOWN:
        return queryset.filter(start_date__isnull=True, end_date__isnull=True)
    return queryset


def filter_programmes(queryset, *, q="", funding="", status="", theme="", country=""):
    if q:
        queryset = queryset.filter(
            Q(title__icontains=q) | Q(acronym__icontains=q) | Q(identifier__iexact=q.strip())
        )
    if funding:
        queryset = queryset.filter(funding_programme=funding)
    if status:
        queryset = with_status(queryset, status)
    if theme:
        queryset = queryset.filter(themes__slug=theme)
    if country:
        queryset = queryset.filter(partners__organisation__country=country)
    if theme or country:
        queryset = queryset.distinct()
    return queryset


def programme_list(**filters):
    """Programmes for a list page, with the lead partner and the partner count in one go."""
    leads = Partner.objects.filter(role=Partner.Role.LEAD).select_related("organisation")
    return (
        filter_programmes(programmes(), **filters)
        .annotate(partner_count=Count("partners", distinct=True))
        .prefetch_related(Prefetch("partners", queryset=leads, to_attr="leads"))
        .order_by("-start_date", "slug")
    )


def partners_of(programme):
    return programme.partners.select_related("organisation").order_by("order", "pk")


def consortium_make_up(partners):
    """ "6 full partners and 4 associated partners from DE, PL, LT, SE" from a partner list."""
    roles = Counter(p.role for p in partners)
    full = roles[Partner.Role.LEAD] + roles[Partner.Role.PARTNER]
    associated = roles[Partner.Role.ASSOCIATED]
    affiliated = roles[Partner.Role.AFFILIATED]
    parts = []
    if full:
        parts.append(
            ngettext("%(count)d full partner", "%(count)d full partners", full) % {"count": full}
        )
    if associated:
        parts.append(
            ngettext("%(count)d associated partner", "%(count)d associated partners", associated)
            % {"count": associated}
        )
    if affiliated:
        parts.append(
            ngettext("%(count)d affiliated entity", "%(count)d affiliated entities", affiliated)
            % {"count": affiliated}
        )
    if not parts:
        return ""
    countries = []
    for partner in partners:
        code = partner.organisation.country.code
        if code and code not in countries:
            countries.append(code)
    joined = (
        parts[0]
        if len(parts) == 1
        else _("%(first)s and %(last)s")
        % {
            "first": ", ".join(parts[:-1]),
            "last": parts[-1],
        }
    )
    if countries:
        return _("%(parts)s from %(countries)s") % {
            "parts": joined,
            "countries": ", ".join(countries),
        }
    return joined


def at_a_glance(programme, partners):
    """The figures of seed 003's "project in a nutshell" panel."""
    return {
        "area": programme.area,
        "months": programme.months,
        "scope": programme.scope,
        "cofinancing_rate": programme.cofinancing_rate,
        "computed_cofinancing_rate": programme.computed_cofinancing_rate,
        "total_budget": programme.total_budget,
        "eu_contribution": programme.eu_contribution,
        "make_up": consortium_make_up(partners),
    }


def programmes_of_organisation(organisation):
    return (
        Partner.objects.filter(organisation=organisation)
        .select_related("programme")
        .order_by("-programme__start_date", "programme__slug")
    )


def membership_of(user, programme):
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, programme=programme).first()


def community(programme):
    return (
        programme.memberships.filter(state=Membership.State.ACTIVE)
        .select_related("user")
        .order_by("created")
    )


def join_requests(programme):
    return (
        programme.memberships.filter(state=Membership.State.REQUESTED)
        .select_related("user")
        .order_by("created")
    )


def team(programme):
    """People holding a role within this programme: coordinators, moderators, facilitators."""
    from django.contrib.contenttypes.models import ContentType

    from atelier.accounts.models import RoleAssignment

    return (
        RoleAssignment.objects.filter(
            scope_type=ContentType.objects.get_for_model(Programme), scope_id=programme.pk
        )
        .select_related("user")
        .order_by("role", "user__display_name")
    )


def home_programmes(request):
    """The home page shows running programmes first, then the newest."""
    return list(programme_list().filter(source=Programme.Source.MANUAL)[:6]) or list(
        programme_list()[:6]
    )


# Later apps (library, events, calls, labs, plans, forum) add a tab to a programme's page:
# ``register_tab("library", _("Library"), lambda programme: url)``.
_TABS = {}


def register_tab(key, label, url_for):
    _TABS[key] = (label, url_for)


def tabs_for(programme):
    return [
        {"key": k, "label": label, "url": url_for(programme)}
        for k, (label, url_for) in _TABS.items()
    ]
