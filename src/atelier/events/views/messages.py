"""The organisers' page for e-mailing the people registered, with the messages sent so far."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atelier.core.forms import add_service_error
from atelier.core.permissions import object_permission

from ..forms import MessageForm
from ..services import messages as service
from .events import _event, _query_without_page

PER_PAGE = 20


@require_http_methods(["GET", "POST"])
@object_permission("events.message_registrants", _event)
def event_messages(request, event):
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = service.write_message(
                event,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                audiences=form.cleaned_data["audiences"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The message is on its way to %(count)d people, each in their language.")
                % {"count": message.recipients},
            )
            return redirect("events:messages", slug=event.slug)
    page = Paginator(service.messages_of(event), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/messages.html",
        {
            "event": event,
            "form": form,
            "page": page,
            "sent": page.object_list,
            "query": _query_without_page(request),
        },
        status=400 if form.errors else 200,
    )
