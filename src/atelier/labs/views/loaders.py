"""What the lab pages act on, looked up once per request for ``object_permission``."""

from django.shortcuts import get_object_or_404

from .. import queries
from ..access import participant_for
from ..models import Lab, Table
from ..rules import Board


def lab(request, slug):
    return get_object_or_404(queries.lab_detail(), slug=slug)


def lab_by_token(request, token):
    return get_object_or_404(Lab, join_token=token)


def viewer_lab(request, slug):
    """The lab, knowing which of its participants is looking (``takes_part``)."""
    found = lab(request, slug)
    found._viewer_participant = participant_for(request.user, request.session, found)
    return found


def board(request, slug, number):
    found = lab(request, slug)
    table = get_object_or_404(Table.objects.select_related("host"), lab=found, number=number)
    table.lab = found
    return Board(table, participant_for(request.user, request.session, found))


def programme(request, slug):
    return get_object_or_404(queries.programmes(), slug=slug)
