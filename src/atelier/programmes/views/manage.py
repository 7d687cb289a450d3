"""Running a programme in the browser: creating and editing it, its history, ending it, and who
may create programmes."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from atelier.accounts import queries as accounts_queries
from atelier.accounts.roles import Role
from atelier.core.confirm import confirm_page
from atelier.core.forms import add_service_error
from atelier.core.permissions import object_permission, permission_required

from .. import queries, services
from ..forms import CreatorForm, EndProgrammeForm, ProgrammeForm
from . import loaders

HISTORY_PER_PAGE = 50


def _programme_form_page(request, form, *, programme=None):
    return render(
        request,
        "programmes/programme_form.html",
        {"form": form, "programme": programme},
        status=400 if form.errors or form.translations.total_error_count() else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("programmes.add_programme")
def programme_create(request):
    form = ProgrammeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(
                values=form.values(),
                themes=form.cleaned_data["themes"],
                logo=form.cleaned_data.get("logo_upload"),
                actor=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The programme has been created. Add its partners and its team next."),
            )
            return redirect("programmes:partners", slug=programme.slug)
    return _programme_form_page(request, form)


@require_http_methods(["GET", "POST"])
@object_permission("programmes.change_programme", loaders.programme)
def programme_edit(request, programme):
    form = ProgrammeForm(request.POST or None, request.FILES or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_programme(
                programme,
                values=form.values(),
                themes=form.cleaned_data["themes"],
                logo=form.cleaned_data.get("logo_upload"),
                remove_logo=form.cleaned_data.get("remove_logo", False),
                actor=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The programme has been saved."))
            return redirect(programme)
    return _programme_form_page(request, form, programme=programme)


@require_GET
@object_permission("programmes.view_history", loaders.programme)
def programme_history(request, programme):
    page = Paginator(queries.history(programme), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/history.html",
        {"programme": programme, "page": page, "rows": queries.history_rows(page.object_list)},
    )


@require_http_methods(["GET", "POST"])
@object_permission("programmes.end_programme", loaders.programme)
def programme_end(request, programme):
    initial = {"kept_by": programme.kept_by or queries.default_keeper(programme)}
    form = EndProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_programme(
                programme, kept_by=form.cleaned_data["kept_by"], actor=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The programme has ended. Its pages stay, read-only, for everyone.")
            )
            return redirect(programme)
    return render(
        request,
        "programmes/programme_end.html",
        {"programme": programme, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@object_permission("programmes.reopen_programme", loaders.programme)
def programme_reopen(request, programme):
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Reopen %(programme)s?") % {"programme": programme},
            message=_(
                "The programme becomes published again: its coordinators can edit it, its "
                "partners and its team, and the note on who keeps its pages goes away."
            ),
            button=_("Reopen the programme"),
            cancel_url=programme.get_absolute_url(),
        )
    services.reopen_programme(programme, actor=request.user)
    messages.success(request, _("The programme has been reopened."))
    return redirect(programme)


# Who may create programmes -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("programmes.manage_creators")
def creators(request):
    form = CreatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = accounts_queries.verified_user(form.cleaned_data["email"])
        if person is None:
            form.add_error(
                "email",
                _("Nobody on Atelier has confirmed this address. Ask them to sign up first."),
            )
        else:
            services.allow_programme_creation(person, actor=request.user)
            messages.success(
                request,
                _("%(person)s may now create programmes.") % {"person": person},
            )
            return redirect("programmes:creators")
    return render(
        request,
        "programmes/creators.html",
        {"form": form, "creators": queries.programme_creators()},
        status=400 if form.errors else 200,
    )


def _creator(request, pk):
    return get_object_or_404(
        get_user_model(),
        pk=pk,
        role_assignments__role=Role.PROGRAMME_CREATOR,
        role_assignments__scope_type__isnull=True,
    )


@require_http_methods(["GET", "POST"])
@permission_required("programmes.manage_creators")
def creator_remove(request, pk):
    person = _creator(request, pk)
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Stop %(person)s creating programmes?") % {"person": person},
            message=_(
                "They can no longer create programmes. The programmes they created stay, and "
                "they stay coordinators of them."
            ),
            button=_("Stop creating programmes"),
            cancel_url=reverse("programmes:creators"),
        )
    services.withdraw_programme_creation(person, actor=request.user)
    messages.success(request, _("%(person)s can no longer create programmes.") % {"person": person})
    return redirect("programmes:creators")
