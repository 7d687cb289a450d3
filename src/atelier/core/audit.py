"""The write path records what it did here."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditLogEntry


def log_action(action, *, actor=None, target=None, **data):
    entry = AuditLogEntry(action=action, data=data)
    if actor is not None and getattr(actor, "is_authenticated", False):
        entry.actor = actor
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target)
        entry.object_id = str(target.pk)
    entry.save()
    return entry


def entries_for(target):
    """The entries about ``target``, newest first."""
    return AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
    ).order_by("-created", "-pk")
