"""Pages of the library: contribute and edit a resource, manage its files, serve them."""

import re
from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atelier.core.confirm import confirm_page
from atelier.core.forms import add_service_error
from atelier.core.permissions import object_permission, permission_required
from atelier.core.uploads import BY_MIME_TYPE

from .. import files, services
from ..forms import ResourceForm, TrackForm, media_files
from ..models import Resource, ResourceFile, Status

CHUNK_BYTES = 64 * 1024
# Served in the page (players, pictures, caption tracks); everything else is a download.
INLINE_FAMILIES = {"audio", "video", "image"}
# Nothing a file holds may run as a page of this site, whatever a browser makes of it.
FILE_POLICY = "default-src 'none'; sandbox"
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _resource(request, pk):
    return get_object_or_404(Resource, pk=pk)


def _file(request, pk):
    return get_object_or_404(ResourceFile.objects.select_related("resource"), pk=pk)


def _resource_of(resource_file):
    return resource_file.resource


def _saved_message(resource, *, new):
    if resource.status == Status.PUBLISHED:
        if new:
            return _("Your resource is published.")
        return _("Your changes are saved and published.")
    if resource.status == Status.SUBMITTED:
        if new:
            return _(
                "Thank you! Your resource awaits review by a moderator. You will be told when "
                "it is published."
            )
        return _("Your changes are saved. The resource awaits review by a moderator.")
    return _("Your changes are saved.")


def _render_form(request, form, resource=None):
    return render(
        request,
        "library/contribute_form.html",
        {"form": form, "resource": resource},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("library.submit_resource")
def contribute(request):
    data = request.POST if request.method == "POST" else None
    form = ResourceForm(data, request.FILES or None, user=request.user)
    if data is not None and form.is_valid():
        try:
            resource = services.submit_resource(request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _saved_message(resource, new=True))
            return redirect("library:resource", pk=resource.pk)
    return _render_form(request, form)


@require_http_methods(["GET", "POST"])
@login_required
@object_permission("library.change_resource", _resource, login=False)
def edit(request, resource):
    data = request.POST if request.method == "POST" else None
    form = ResourceForm(data, request.FILES or None, user=request.user, resource=resource)
    if data is not None and form.is_valid():
        try:
            resource = services.update_resource(request.user, resource, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _saved_message(resource, new=False))
            return redirect("library:resource", pk=resource.pk)
    return _render_form(request, form, resource)


def _files_page(request, resource, track_form, status=200):
    main_files = (
        resource.files.filter(role=ResourceFile.Role.MAIN)
        .prefetch_related("tracks")
        .order_by("position", "pk")
    )
    return render(
        request,
        "library/contribute_files.html",
        {
            "resource": resource,
            "main_files": main_files,
            "track_form": track_form if media_files(resource).exists() else None,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
@object_permission("library.change_resource", _resource, login=False)
def manage_files(request, resource):
    data = request.POST if request.method == "POST" else None
    form = TrackForm(data, request.FILES or None, resource=resource)
    if data is not None and form.is_valid():
        try:
            resource = services.update_resource(
                request.user, resource, fields={}, uploads=[form.track()]
            )
        except ValidationError as error:
            add_service_error(form, error, fields={"files": "file"})
        else:
            messages.success(request, _("The file is attached."))
            return redirect("library:files", pk=resource.pk)
    return _files_page(request, resource, form, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
@object_permission("library.change_resource", _resource, login=False)
def remove_file(request, resource, file_pk):
    resource_file = get_object_or_404(ResourceFile, pk=file_pk, resource=resource)
    if request.method == "GET":
        name = resource_file.label or resource_file.original_name
        if resource_file.role == ResourceFile.Role.MAIN:
            message = _(
                "“%(name)s” and its captions and transcripts are deleted from this resource: "
                "readers can no longer open or download them. This cannot be undone; to have "
                "the file back, upload it again."
            )
        else:
            message = _(
                "“%(name)s” is deleted from this resource: readers can no longer open or "
                "download it. This cannot be undone; to have it back, upload it again."
            )
        return confirm_page(
            request,
            title=_("Remove “%(name)s”?") % {"name": name},
            message=message % {"name": name},
            button=_("Remove the file"),
            cancel_url=reverse("library:files", args=[resource.pk]),
        )
    try:
        files.remove_file(request.user, resource_file)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("“%(name)s” is removed.") % {"name": resource_file.original_name}
        )
    return redirect("library:files", pk=resource.pk)


# Serving files -----------------------------------------------------------------------------


class _Unsatisfiable(Exception):
    pass


def _byte_range(request, size, etag):
    """(first, last) byte of a single requested range, or None to send the whole file.

    Several ranges, a malformed header or a stale If-Range all mean the whole file, as HTTP
    allows; a range past the end is unsatisfiable.
    """
    header = request.headers.get("Range", "")
    match = _RANGE.match(header.strip())
    if not match or not any(match.groups()):
        return None
    if_range = request.headers.get("If-Range")
    if if_range and if_range != etag:
        return None
    first, last = match.groups()
    if not first:
        length = int(last)
        if length == 0 or size == 0:
            raise _Unsatisfiable
        return max(size - length, 0), size - 1
    first = int(first)
    if last and int(last) < first:
        return None
    if first >= size:
        raise _Unsatisfiable
    return first, min(int(last), size - 1) if last else size - 1


def _stream(handle, first, length):
    try:
        handle.seek(first)
        remaining = length
        while remaining > 0:
            data = handle.read(min(CHUNK_BYTES, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def _content_type(resource_file):
    if resource_file.mime_type.startswith("text/"):
        return f"{resource_file.mime_type}; charset=utf-8"
    return resource_file.mime_type


def _serve(request, resource_file, *, attachment, count):
    """The file's bytes, whole or the one range asked for, never sniffed, never run."""
    storage, name = resource_file.file.storage, resource_file.file.name
    if not name or not storage.exists(name):
        raise Http404
    size = storage.size(name)
    etag = f'"{resource_file.sha256}"'
    try:
        byte_range = _byte_range(request, size, etag)
    except _Unsatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return _secured(response)
    first, last = byte_range or (0, size - 1)
    length = max(last - first + 1, 0)
    if request.method == "HEAD":
        response = HttpResponse(content_type=_content_type(resource_file))
    else:
        response = StreamingHttpResponse(
            _stream(storage.open(name, "rb"), first, length),
            content_type=_content_type(resource_file),
        )
    response["Content-Length"] = str(length)
    if byte_range is not None:
        response.status_code = 206
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = content_disposition_header(
        attachment, resource_file.original_name
    )
    # A download counts once, however many ranges a player or a download manager asks for.
    if count and request.method == "GET" and first == 0:
        services.record_download(resource_file)
    # Published recordings may play in players elsewhere (podcast sites); others may not.
    shared = resource_file.resource.status == Status.PUBLISHED
    return _secured(response, cross_origin=shared)


def _secured(response, cross_origin=False):
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    response["Cross-Origin-Resource-Policy"] = "cross-origin" if cross_origin else "same-origin"
    return response


@require_http_methods(["GET", "HEAD"])
@object_permission("library.download_file", _file, of=_resource_of, login=False)
def download(request, resource_file):
    return _serve(request, resource_file, attachment=True, count=True)


def _plays_inline(resource_file):
    file_type = BY_MIME_TYPE.get(resource_file.mime_type)
    if file_type is None:
        return False
    if resource_file.role != ResourceFile.Role.MAIN:
        return file_type.family in ("captions", "text")
    return file_type.family in INLINE_FAMILIES


@require_http_methods(["GET", "HEAD"])
@object_permission("library.download_file", _file, of=_resource_of, login=False)
def file_inline(request, resource_file):
    if not _plays_inline(resource_file):
        # Documents are never shown by the browser from this site: they are downloaded.
        return redirect("library:download", pk=resource_file.pk)
    # Listening or watching counts like a download: podcast apps fetch episodes from here.
    counts = resource_file.role == ResourceFile.Role.MAIN and (
        resource_file.is_audio or resource_file.is_video
    )
    return _serve(request, resource_file, attachment=False, count=counts)


@require_http_methods(["GET", "HEAD"])
@object_permission("library.download_file", _file, of=_resource_of, login=False)
def thumbnail(request, resource_file):
    """A file's thumbnail, to whoever may fetch the file itself: it shows its first page."""
    storage, name = resource_file.thumbnail.storage, resource_file.thumbnail.name
    if not name:
        raise Http404
    # A thumbnail made again is stored under a new name, so the name tags this version.
    etag = f'"{PurePosixPath(name).stem}"'
    published = resource_file.resource.status == Status.PUBLISHED
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        try:
            with storage.open(name, "rb") as handle:
                content = handle.read()
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = HttpResponse(
            b"" if request.method == "HEAD" else content, content_type="image/webp"
        )
        response["Content-Length"] = str(len(content))
    response["ETag"] = etag
    # Shared caches may keep only what everyone may see.
    response["Cache-Control"] = "public, max-age=600" if published else "private, max-age=300"
    return _secured(response, cross_origin=published)
