"""The read path of learning labs."""

from django.db.models import Count, Prefetch, Q

from atelier.accounts.roles import Role
from atelier.accounts.rules import _role_keys

from .models import Lab, Note, Round, Table, Theme


def labs_run_by(user):
    """Labs this person facilitates: named on the lab, or through the facilitator role."""
    labs = Lab.objects.select_related("current_round")
    if user.is_superuser:
        return labs
    keys = _role_keys(user)
    if (Role.FACILITATOR, None, None) in keys:
        return labs
    programme_ids = [sid for role, _t, sid in keys if role == Role.FACILITATOR and sid]
    return labs.filter(Q(facilitators=user) | Q(programme_id__in=programme_ids)).distinct()


def lab_detail():
    return Lab.objects.select_related("current_round__question", "programme", "event")


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
            )
        )
        .order_by("-vote_count", "name", "pk")
    )
