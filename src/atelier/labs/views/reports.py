"""A lab's report: read by its facilitators and participants, by anyone once published, and
downloaded as Markdown, PDF or CSV; its facilitators publish and unpublish it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from atelier.core import exports
from atelier.core.confirm import confirm_page
from atelier.core.permissions import object_permission

from .. import services
from .loaders import lab as load_lab
from .loaders import viewer_lab


def _language(request):
    return getattr(request, "LANGUAGE_CODE", None)


@require_GET
@object_permission("labs.view_report", viewer_lab)
def report(request, lab):
    context = services.report_data(lab, request.user)
    context["can_publish"] = request.user.has_perm("labs.publish_report", lab)
    context["can_download_notes"] = request.user.has_perm("labs.download_notes", lab)
    return render(request, "labs/report.html", context)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@object_permission("labs.view_report", viewer_lab)
def report_markdown(request, lab):
    body = services.report_markdown(
        lab, _language(request), user=request.user, absolute=request.build_absolute_uri
    )
    return _download(body, "text/markdown; charset=utf-8", f"{lab.slug}.md")


@require_GET
@object_permission("labs.view_report", viewer_lab)
def report_pdf(request, lab):
    content = services.report_pdf(
        lab, _language(request), user=request.user, absolute=request.build_absolute_uri
    )
    return _download(content, "application/pdf", f"{lab.slug}.pdf")


@require_GET
@object_permission("labs.download_notes", viewer_lab)
def report_csv(request, lab):
    header, rows = services.report_table(lab, _language(request))
    return exports.response(exports.csv_text(header, rows, bom=False), "csv", lab.slug)


def _report_url(lab):
    return reverse("labs:report", args=[lab.slug])


@require_POST
@object_permission("labs.publish_report", load_lab)
def report_publish(request, lab):
    try:
        services.publish_report(lab, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The report is published: anyone can read it, from the programme's labs too."),
        )
    return redirect(_report_url(lab))


@require_http_methods(["GET", "POST"])
@object_permission("labs.publish_report", load_lab)
def report_unpublish(request, lab):
    """Taking a report back from the public asks first."""
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Unpublish the report of “%(lab)s”?") % {"lab": lab.title},
            message=_(
                "Visitors and members who did not take part can no longer read the report, "
                "and it leaves the programme's list of labs. Its facilitators and "
                "participants still read it; you can publish it again."
            ),
            button=_("Unpublish the report"),
            cancel_url=_report_url(lab),
        )
    try:
        services.unpublish_report(lab, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is no longer public."))
    return redirect(_report_url(lab))
