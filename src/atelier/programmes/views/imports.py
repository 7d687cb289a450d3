"""Importing the Commission's projects exports in the web UI: upload, preview, confirm."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from atelier.core.imports import Link, outcome_links
from atelier.core.permissions import object_permission, permission_required

from .. import importer, queries, services
from ..forms import ImportUploadForm
from ..models import ImportRun


@require_http_methods(["GET", "POST"])
@permission_required("programmes.import_projects", login=False)
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.preview_import(form.cleaned_data["file"], actor=request.user)
        except importer.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("programmes:import-detail", pk=run.pk)
    return render(
        request,
        "programmes/import_upload.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _own_run(request, pk):
    """An import run is its starter's (and platform admins')."""
    run = get_object_or_404(ImportRun, pk=pk)
    if run.created_by_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied
    return run


def _context(request, run):
    """The run, and once it is done the programmes it created and updated that the reader
    may see (one query however many)."""
    context = {"run": run}
    if run.state == ImportRun.State.DONE:

        def programmes(pks):
            found = queries.programmes_for(request.user).filter(pk__in=pks)
            return [
                Link("programme", p.pk, p.title, p.get_absolute_url())
                for p in found.only("pk", "slug", "title")
            ]

        context["outcome"] = outcome_links(run, {"programme": programmes})
    return context


@require_GET
@object_permission("programmes.import_projects", _own_run, login=False)
def import_detail(request, run):
    return render(request, "programmes/import_detail.html", _context(request, run))


@require_POST
@object_permission("programmes.import_projects", _own_run, login=False)
def import_confirm(request, run):
    try:
        services.confirm_import(run, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("programmes:import-detail", pk=run.pk)


@require_GET
@object_permission("programmes.import_projects", _own_run, login=False)
def import_progress(request, run):
    return render(request, "programmes/import_detail.html#progress", _context(request, run))
