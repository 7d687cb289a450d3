"""A programme's "Learning labs" tab: its labs whose report is published, for everyone, and
those the reader runs or joined."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from atelier.core.permissions import object_permission

from .. import queries
from .loaders import programme as load_programme

PER_PAGE = 20


@require_GET
@object_permission("programmes.view_programme", load_programme)
def programme_labs(request, programme):
    labs = queries.programme_labs(programme, request.user)
    page = Paginator(labs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "labs/programme_labs.html",
        {
            "programme": programme,
            "page": page,
            "labs": page.object_list,
            "can_add": request.user.has_perm("labs.add_lab"),
        },
    )
