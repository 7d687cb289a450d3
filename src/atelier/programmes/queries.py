"""The read path of programmes: lists, status filters, partners, the at-a-glance figures."""

from collections import Counter
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import Invitation, Membership, Partner, Programme, Status


def programmes():
    """Programmes everyone sees: published and ended ones (a draft is its team's)."""
    return Programme.objects.exclude(state=Programme.State.DRAFT)


def programme_ids_with_roles(user, roles):
    """The programmes in which ``user`` holds one of ``roles`` (not platform-wide)."""
    from atelier.accounts.rules import role_keys

    if user is None or not user.is_authenticated:
        return set()
    programme_type = ContentType.objects.get_for_model(Programme).pk
    return {
        scope_id
        for role, type_id, scope_id in role_keys(user)
        if role in roles and type_id == programme_type
    }


def own_programme_ids(user):
    """The programmes in which ``user`` holds a role of the team."""
    from .rules import TEAM_ROLE_NAMES

    return programme_ids_with_roles(user, TEAM_ROLE_NAMES)


def coordinated_programme_ids(user):
    """The programmes in which ``user`` holds the coordinator role (not platform-wide)."""
    from atelier.accounts.roles import Role

    return programme_ids_with_roles(user, {Role.COORDINATOR})


def coordinated_programmes(user):
    """The programmes ``user`` attaches events, calls and plans to as a coordinator: every one
    they see for platform coordinators and admins, else their own; not the ended ones."""
    from atelier.accounts.rules import is_coordinator

    if user is not None and is_coordinator.test(user, None):
        queryset = programmes_for(user)
    else:
        queryset = Programme.objects.filter(pk__in=coordinated_programme_ids(user))
    return queryset.exclude(state=Programme.State.ENDED)


def own_programmes(user):
    """The programmes ``user`` runs or helps run, drafts included, newest first."""
    return Programme.objects.filter(pk__in=own_programme_ids(user)).order_by("-created", "pk")


def programmes_for(user):
    """The programmes ``user`` may see: everyone's, and the drafts of their own programmes
    (every draft for platform coordinators and admins)."""
    from atelier.accounts.rules import is_coordinator

    if user is not None and is_coordinator.test(user, None):
        return Programme.objects.all()
    return Programme.objects.filter(
        ~Q(state=Programme.State.DRAFT) | Q(pk__in=own_programme_ids(user))
    )


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
        .exclude(programme__state=Programme.State.DRAFT)
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
    from atelier.accounts.models import RoleAssignment

    return (
        RoleAssignment.objects.filter(
            scope_type=ContentType.objects.get_for_model(Programme), scope_id=programme.pk
        )
        .select_related("user")
        .order_by("role", "user__display_name")
    )


def default_keeper(programme):
    """Who keeps an ended programme's pages unless its coordinators say otherwise: the lead."""
    lead = (
        programme.partners.filter(role=Partner.Role.LEAD)
        .select_related("organisation")
        .order_by("order", "pk")
        .first()
    )
    return str(lead.organisation.name.for_reader().text) if lead else ""


def programme_creators():
    """People a platform admin has allowed to create programmes."""
    from django.contrib.auth import get_user_model

    from atelier.accounts.roles import Role

    return (
        get_user_model()
        .objects.filter(
            role_assignments__role=Role.PROGRAMME_CREATOR,
            role_assignments__scope_type__isnull=True,
        )
        .order_by("display_name", "pk")
    )


def pending_invitations(programme):
    return programme.invitations.filter(state=Invitation.State.PENDING).order_by("created", "pk")


def history(programme):
    """What was done to the programme, its partners and its team, newest first."""
    from atelier.core.audit import entries_for

    return entries_for(programme).select_related("actor")


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


# The history page: audit entries as sentences and before/after rows ----------------------

_ACTIONS = {
    "programmes.programme.create": gettext_lazy("Programme created"),
    "programmes.programme.update": gettext_lazy("Programme edited"),
    "programmes.programme.end": gettext_lazy("Programme ended"),
    "programmes.programme.reopen": gettext_lazy("Programme reopened"),
    "programmes.partner.add": gettext_lazy("Partner added: %(name)s"),
    "programmes.partner.update": gettext_lazy("Partner corrected: %(name)s"),
    "programmes.partner.remove": gettext_lazy("Partner removed: %(name)s"),
    "programmes.partner.move": gettext_lazy("Partner moved to place %(position)s: %(name)s"),
    "programmes.team.assign": gettext_lazy("Role given to %(person)s: %(role)s"),
    "programmes.team.revoke": gettext_lazy("Role removed from %(person)s: %(role)s"),
    "programmes.team.invite": gettext_lazy("%(email)s invited as %(role)s"),
    "programmes.team.accept": gettext_lazy("%(person)s accepted the invitation as %(role)s"),
    "programmes.team.withdraw": gettext_lazy("Invitation of %(email)s as %(role)s withdrawn"),
    "programmes.community.active": gettext_lazy("Joined the community"),
    "programmes.community.requested": gettext_lazy("Asked to join the community"),
    "programmes.community.leave": gettext_lazy("Left the community"),
    "programmes.community.accept": gettext_lazy("%(person)s accepted into the community"),
    "programmes.import.created": gettext_lazy("Created by an import (row %(row)s)"),
    "programmes.import.updated": gettext_lazy("Updated by an import (row %(row)s)"),
}


def _field_label(model, name):
    if name == "logo":
        return str(Programme._meta.get_field("logo").verbose_name)
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field since removed
        return name


def _shown(model, name, value):
    if value is None or value == "":
        return "—"
    if name == "role":
        from atelier.accounts.roles import Role

        labels = dict(Partner.Role.choices) | dict(Role.choices)
        return str(labels.get(value, value))
    if name == "themes":
        from atelier.core.themes import THEME_LABELS

        return ", ".join(str(THEME_LABELS.get(slug, slug)) for slug in value.split(", "))
    if name == "logo":
        return _("a new picture") if value == "new picture" else _("a picture")
    try:
        choices = dict(model._meta.get_field(name).flatchoices)
    except Exception:
        choices = {}
    return str(choices.get(value, value))


def history_rows(entries):
    """Each entry as ``{"entry", "text", "changes": [(label, before, after)]}``."""
    from django.contrib.auth import get_user_model

    from atelier.accounts.roles import Role

    entries = list(entries)
    person_ids = {e.data.get("user") for e in entries if isinstance(e.data.get("user"), int)}
    people = get_user_model().objects.in_bulk(person_ids) if person_ids else {}
    rows = []
    for entry in entries:
        data = entry.data or {}
        values = {
            "name": data.get("name", ""),
            "position": data.get("position", ""),
            "email": data.get("email", ""),
            "row": data.get("row", ""),
            "role": str(dict(Role.choices).get(data.get("role"), data.get("role", ""))).lower(),
            "person": str(people[data["user"]]) if data.get("user") in people else _("someone"),
        }
        label = _ACTIONS.get(entry.action)
        text = label % values if label else entry.action
        model = Partner if entry.action.startswith("programmes.partner.") else Programme
        changes = [
            (_field_label(model, name), _shown(model, name, before), _shown(model, name, after))
            for name, (before, after) in (data.get("changes") or {}).items()
            if before != after
        ]
        if entry.action == "programmes.programme.end" and data.get("kept_by"):
            changes.append((_("Pages kept by"), "—", data["kept_by"]))
        rows.append({"entry": entry, "text": text, "changes": changes})
    return rows


# Pickers: programmes found by typing, the person's own first ------------------------------


def programme_label(programme):
    name = programme.title.for_reader().text
    label = (
        f"{programme.acronym} – {name}" if programme.acronym and programme.acronym != name else name
    )
    return label[:120]


def search_programmes(queryset, query):
    return filter_programmes(queryset, q=query).order_by("slug")


def _own_first(user, queryset):
    return queryset.filter(pk__in=own_programme_ids(user)).order_by("slug")


def register_programme_picker(name, queryset_for):
    """A picker source ``name`` offering ``queryset_for(user)``'s programmes, the person's
    own first: the form of another app declares ``PickerField(name)``."""
    from atelier.core import pickers

    pickers.register(
        name,
        pickers.Source(
            queryset=lambda user: queryset_for(user).order_by("slug"),
            search=search_programmes,
            label=programme_label,
            preferred=_own_first,
            mine_label=gettext_lazy("Your programmes"),
            others_label=gettext_lazy("Other programmes"),
            search_label=gettext_lazy("Find a programme by title, acronym or number"),
            value_fields=("slug",),
        ),
    )
