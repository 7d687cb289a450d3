"""The read path of learning labs."""

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Value,
)
from django.urls import reverse

from atelier.accounts.models import RoleAssignment
from atelier.accounts.roles import Role
from atelier.plans import queries as plan_queries
from atelier.programmes.models import Programme

from .models import Lab, Note, Participant, ProposedAction, Round, Table, Theme

RUNNING_ROLES = (Role.FACILITATOR, Role.COORDINATOR)


def _runs(user):
    """A condition on labs: this person runs them (named on the lab, or as a facilitator or
    coordinator platform-wide or in the lab's programme). One SQL condition, so a list costs
    one query."""
    facilitator = RoleAssignment.objects.filter(user_id=user.pk, role__in=RUNNING_ROLES)
    named = Lab.facilitators.through.objects.filter(lab_id=OuterRef("pk"), user_id=user.pk)
    in_programme = facilitator.filter(
        scope_type__app_label="programmes",
        scope_type__model="programme",
        scope_id=OuterRef("programme_id"),
    )
    return (
        Q(Exists(named))
        | Q(Exists(facilitator.filter(scope_type__isnull=True)))
        | Q(Exists(in_programme))
    )


def labs_run_by(user):
    """Labs this person facilitates: named on the lab, or through the facilitator role."""
    labs = Lab.objects.select_related("current_round")
    return labs if user.is_superuser else labs.filter(_runs(user))


def labs_of(user, programme=""):
    """Labs a signed-in person runs or joined, each marked ``runs`` and ``joined``."""
    if not user.is_authenticated or not user.is_active:
        return Lab.objects.none()
    joined = Exists(Participant.objects.filter(lab_id=OuterRef("pk"), user_id=user.pk))
    labs = Lab.objects.select_related("current_round", "programme", "event").annotate(joined=joined)
    if user.is_superuser:
        labs = labs.annotate(runs=Value(True))
    else:
        runs = _runs(user)
        labs = labs.annotate(runs=ExpressionWrapper(runs, output_field=BooleanField())).filter(
            runs | Q(joined=True)
        )
    if programme:
        labs = labs.filter(programme__slug=programme)
    return labs


def programme_named(slug):
    return Programme.objects.filter(slug=slug).first()


def _published():
    """A condition on labs: their report is public (published, the programme no draft)."""
    return Q(report_published_at__isnull=False) & ~Q(programme__state="draft")


def programme_labs(programme, user):
    """A programme's labs this reader sees on its tab: those whose report is published, and
    for a signed-in person those they run or joined; each marked ``runs`` and ``joined``."""
    labs = (
        Lab.objects.filter(programme=programme)
        .select_related("current_round", "event", "programme")
        .order_by("-created", "pk")
    )
    if not user.is_authenticated or not user.is_active:
        return labs.filter(_published()).annotate(runs=Value(False), joined=Value(False))
    joined = Exists(Participant.objects.filter(lab_id=OuterRef("pk"), user_id=user.pk))
    labs = labs.annotate(joined=joined)
    if user.is_superuser:
        return labs.annotate(runs=Value(True))
    runs = _runs(user)
    return labs.annotate(runs=ExpressionWrapper(runs, output_field=BooleanField())).filter(
        runs | Q(joined=True) | _published()
    )


def event_labs(event, user):
    """The labs of an event that this person runs or joined (joining needs the link)."""
    return labs_of(user).filter(event=event).order_by("created", "pk")


def lab_detail():
    return Lab.objects.select_related("current_round__question", "programme", "event")


def facilitators(lab):
    """The people named as the lab's facilitators, in the order they were added."""
    return lab.facilitators.through.objects.filter(lab=lab).select_related("user").order_by("pk")


def participants(lab):
    return Participant.objects.filter(lab=lab).select_related("user").order_by("joined_at", "pk")


def programmes():
    return Programme.objects.all()


def rounds(lab):
    return Round.objects.filter(lab=lab).select_related("question").order_by("position")


def tables(lab):
    return Table.objects.filter(lab=lab).select_related("host").order_by("number")


def board_notes(table, round_id):
    """The notes a board shows: this round's, not removed, not merged away."""
    return (
        Note.objects.filter(table=table, round_id=round_id, deleted=False, merged_into__isnull=True)
        .select_related("author__user")
        .order_by("-starred", "created", "pk")
    )


def seated_people(table, round_id):
    return table.seats.filter(round_id=round_id).select_related("participant__user")


def harvest_notes(lab):
    """Every kept note of the lab, by round then table."""
    return (
        Note.objects.filter(table__lab=lab, deleted=False, merged_into__isnull=True)
        .select_related("table", "round__question", "author__user")
        .order_by("round__position", "table__number", "created", "pk")
    )


def ranked_themes(lab):
    return (
        Theme.objects.filter(lab=lab)
        .annotate(vote_count=Count("votes", distinct=True))
        .prefetch_related(
            Prefetch(
                "notes",
                queryset=Note.objects.filter(deleted=False).select_related("table", "round"),
            ),
            Prefetch(
                "proposed_actions",
                queryset=ProposedAction.objects.select_related("action__goal__plan").order_by(
                    "proposed_at", "pk"
                ),
            ),
        )
        .order_by("-vote_count", "name", "pk")
    )


def goals_to_propose_into(user):
    """Where this person may turn a theme into an action: goals of plans they may edit."""
    return plan_queries.editable_goals(user)


def action_origins(actions, user):
    """The plans' origin provider: actions proposed from a theme, with the theme's notes.

    The report is linked for those who may read it; the notes are shown to every reader of
    the plan, without their authors.
    """
    links = (
        ProposedAction.objects.filter(action_id__in=[a.pk for a in actions])
        .select_related("theme__lab")
        .prefetch_related(
            Prefetch(
                "notes",
                queryset=Note.objects.filter(deleted=False).order_by(
                    "round__position", "table__number", "created", "pk"
                ),
            )
        )
    )
    labs = {}
    origins = {}
    for link in links:
        lab = labs.setdefault(link.theme.lab_id, link.theme.lab)
        link.theme.lab = lab  # one object per lab, so permissions are looked up once
        may_read = user.has_perm("labs.view_report", lab)
        origins[link.action_id] = plan_queries.ActionOrigin(
            "labs/action_origin.html",
            {
                "theme": link.theme,
                "lab": lab,
                "notes": list(link.notes.all()),
                "report_url": report_url(link.theme) if may_read else "",
            },
        )
    return origins


def report_url(theme):
    return f"{reverse('labs:report', args=[theme.lab.slug])}#theme-{theme.pk}"


def facilitated_programmes(user):
    """Programmes a lab of this person may belong to: where they hold the facilitator role
    (every programme they see when they hold it platform-wide, or are an admin); coordinators
    of a programme run its labs too."""
    from atelier.accounts.rules import role_keys
    from atelier.programmes import queries as programme_queries

    if user is None or not user.is_authenticated:
        return Programme.objects.none()
    keys = role_keys(user)
    if user.is_superuser or any((role, None, None) in keys for role in RUNNING_ROLES):
        return programme_queries.programmes_for(user).order_by("slug")
    ids = programme_queries.programme_ids_with_roles(user, set(RUNNING_ROLES))
    return Programme.objects.filter(pk__in=ids).order_by("slug")
