"""A member's notifications: newest first, paginated; reading is marked on request (POST)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atelier.core.permissions import permission_required

from . import services
from .models import Notification

PER_PAGE = 25


@require_GET
@permission_required("notifications.view_own")
def notification_list(request):
    page = Paginator(Notification.objects.filter(recipient=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "notifications": page.object_list,
            "unread": services.unread_count(request.user),
        },
    )


@require_POST
@permission_required("notifications.view_own")
def mark_read(request):
    """Mark the notifications named in ``id`` as read, or all of them when none is named."""
    ids = [value for value in request.POST.getlist("id") if value.isdigit()]
    if request.POST.getlist("id") and not ids:
        messages.error(request, _("Choose a notification."))
    else:
        count = services.mark_read(request.user, [int(value) for value in ids] or None)
        if count:
            messages.success(request, _("Marked as read."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("notifications:list")
    return redirect(target)


@require_GET
@permission_required("notifications.view_own", login=False)
def unread_badge(request):
    """The header's link with the number of unread notifications (loaded by HTMX)."""
    return render(
        request,
        "notifications/unread_badge.html",
        {"unread": services.unread_count(request.user)},
    )
