"""Materials and recordings of an event: library resources attached to it after it took place.

New material goes through the library's own contribution path (``submit_resource``), so the
library decides what is published at once and what waits for review.
"""

import re
from urllib.parse import urlparse

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from atelier.core.audit import log_action
from atelier.core.multilingual import MultilingualText
from atelier.library import queries as library_queries
from atelier.library import services as library_services

from ..models import EventResource

# What organisers attach after an event; the library's kinds of the same names.
MATERIAL_KINDS = [
    ("document", _("Report or document")),
    ("presentation", _("Presentation")),
    ("video", _("Video recording")),
    ("audio", _("Audio recording")),
]

_RESOURCE_PATH = re.compile(r"/library/(\d+)/?$")


def published_materials(event):
    """The event's materials every reader may see: those the library has published."""
    return (
        EventResource.objects.filter(event=event)
        .filter(resource__in=library_queries.published())
        .select_related("resource")
        .order_by("created", "pk")
    )


def all_materials(event):
    """Every material attached to the event, with its library status, for its organisers."""
    return (
        EventResource.objects.filter(event=event)
        .select_related("resource")
        .order_by("created", "pk")
    )


def _check_may_change(actor, event):
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied


def _link(event, resource, actor):
    try:
        with transaction.atomic():
            link = EventResource.objects.create(event=event, resource=resource, added_by=actor)
    except IntegrityError:
        raise ValidationError(
            _("This resource is already among the event's materials."), code="linked"
        ) from None
    log_action("events.material.add", actor=actor, target=event, resource=resource.pk)
    return link


def add_material(event, *, actor, title, language, kind, licence, upload=None, external_url=""):
    """Create a library resource from an uploaded file or a link and attach it to the event.

    Raises ``ValidationError`` and leaves nothing behind (no resource, no file, no link) when
    the library refuses the file or the fields.
    """
    _check_may_change(actor, event)
    if kind not in dict(MATERIAL_KINDS):
        raise ValidationError({"kind": _("Choose a kind of material.")})
    if upload is None and not external_url:
        raise ValidationError(_("Upload a file or give a link."), code="empty")
    fields = {
        "kind": kind,
        "title": MultilingualText(title.strip(), language),
        "programme": event.programme,
        "languages": [language],
        "published_on": event.local_end.date(),
        "licence": licence,
        "external_url": external_url,
    }
    with transaction.atomic():
        resource = library_services.submit_resource(
            actor,
            fields=fields,
            themes=list(event.themes.all()),
            uploads=[upload] if upload is not None else [],
        )
        link = _link(event, resource, actor)
    return link


def resource_from_reference(reference):
    """A published library resource named by its number or the address of its page."""
    reference = (reference or "").strip()
    pk = None
    if reference.isdigit():
        pk = int(reference)
    else:
        match = _RESOURCE_PATH.search(urlparse(reference).path)
        if match:
            pk = int(match.group(1))
    resource = library_queries.published().filter(pk=pk).first() if pk is not None else None
    if resource is None:
        raise ValidationError(
            _("No published library resource has this number or address."), code="unknown"
        )
    return resource


def attach_material(event, *, actor, reference):
    """Attach an existing published library resource to the event."""
    _check_may_change(actor, event)
    resource = resource_from_reference(reference)
    return _link(event, resource, actor)


def remove_material(link, *, actor):
    """Detach a material from the event; the library resource itself stays in the library."""
    _check_may_change(actor, link.event)
    log_action("events.material.remove", actor=actor, target=link.event, resource=link.resource_id)
    link.delete()
