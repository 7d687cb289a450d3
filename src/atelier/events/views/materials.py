"""The organisers' page of an event's materials and recordings, kept in the library."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from atelier.core.confirm import confirm_page
from atelier.core.forms import add_service_error
from atelier.core.languages import language_choices
from atelier.core.permissions import object_permission
from atelier.library import queries as library_queries

from ..models import EventResource
from ..services import materials as service
from .events import _event


class MaterialForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    language = forms.ChoiceField(label=gettext_lazy("Language of the material"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=service.MATERIAL_KINDS)
    file = forms.FileField(
        label=gettext_lazy("File"),
        required=False,
        help_text=gettext_lazy("Upload a file, or give a link below."),
    )
    external_url = forms.URLField(
        label=gettext_lazy("Link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("Where the recording or slides are online, if not uploaded."),
    )
    licence = forms.ChoiceField(label=gettext_lazy("Licence"), initial="cc-by")

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["language"].initial = event.title.language or "en"
        self.fields["licence"].choices = library_queries.licence_choices()

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("external_url") and not self.errors:
            raise ValidationError(_("Upload a file or give a link."), code="empty")
        return data


class AttachForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Library resource"),
        max_length=500,
        help_text=gettext_lazy(
            "The address of a published resource's page in the library, or its number."
        ),
    )


def _page(request, event, form=None, attach_form=None, status=200):
    return render(
        request,
        "events/materials.html",
        {
            "event": event,
            "materials": service.all_materials(event),
            "form": form or MaterialForm(event=event),
            "attach_form": attach_form or AttachForm(),
        },
        status=status,
    )


def _added_message(link):
    if link.resource.is_published:
        return _("The material is in the library and listed on the event page.")
    return _(
        "The material is in the library's review queue. The event page lists it once a "
        "moderator publishes it."
    )


@require_http_methods(["GET", "POST"])
@object_permission("events.change_event", _event)
def materials(request, event):
    if request.method != "POST":
        return _page(request, event)
    form = MaterialForm(request.POST, request.FILES, event=event)
    if form.is_valid():
        data = form.cleaned_data
        try:
            link = service.add_material(
                event,
                actor=request.user,
                title=data["title"],
                language=data["language"],
                kind=data["kind"],
                licence=data["licence"],
                upload=data["file"] or None,
                external_url=data["external_url"],
            )
        except ValidationError as error:
            add_service_error(form, error, fields={"files": "file"})
        else:
            messages.success(request, _added_message(link))
            return redirect("events:materials", slug=event.slug)
    return _page(request, event, form=form, status=400)


@require_POST
@object_permission("events.change_event", _event)
def attach_material(request, event):
    form = AttachForm(request.POST)
    if form.is_valid():
        try:
            service.attach_material(
                event, actor=request.user, reference=form.cleaned_data["reference"]
            )
        except ValidationError as error:
            form.add_error("reference", error)
        else:
            messages.success(request, _("The resource is listed among the event's materials."))
            return redirect("events:materials", slug=event.slug)
    return _page(request, event, attach_form=form, status=400)


@require_http_methods(["GET", "POST"])
@object_permission("events.change_event", _event)
def remove_material(request, event, pk):
    link = get_object_or_404(EventResource.objects.select_related("resource"), pk=pk, event=event)
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Remove “%(title)s” from the event?")
            % {"title": link.resource.title.for_reader().text},
            message=_(
                "The event page no longer lists it. The resource itself stays in the library."
            ),
            button=_("Remove from the event"),
            cancel_url=reverse("events:materials", args=[event.slug]),
        )
    service.remove_material(link, actor=request.user)
    messages.success(
        request, _("The material is no longer listed with the event. It stays in the library.")
    )
    return redirect("events:materials", slug=event.slug)
