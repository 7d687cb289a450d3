"""How the programmes' views find their objects: one lookup per request, passed to the view
by ``core.permissions.object_permission``."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Invitation, Partner, Programme


def programme(request, slug):
    """The programme of ``slug``; a draft is not found by those who may not see it."""
    found = get_object_or_404(Programme.objects.prefetch_related("themes"), slug=slug)
    if found.is_draft and not request.user.has_perm("programmes.view_programme", found):
        raise Http404
    return found


def partner(request, slug, partner_pk):
    found = get_object_or_404(
        Partner.objects.select_related("programme", "organisation"),
        pk=partner_pk,
        programme__slug=slug,
    )
    return _with_programme(request, found)


def _with_programme(request, found):
    if found.programme.is_draft and not request.user.has_perm(
        "programmes.view_programme", found.programme
    ):
        raise Http404
    return found


def invitation(request, slug, invitation_pk):
    found = get_object_or_404(
        Invitation.objects.select_related("programme"), pk=invitation_pk, programme__slug=slug
    )
    return _with_programme(request, found)
