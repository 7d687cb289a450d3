"""The write path of moderation: approve, ask for changes, reject, withdraw.

Every verb runs in one transaction, records a step in the resource's history and the audit
log, and tells the contributor in their own language.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from atelier.accounts.rules import is_moderator, is_signed_in
from atelier.core.audit import log_action
from atelier.notifications.services import notify

from ..models import ModerationEvent, Resource, Status


def _record(resource, action, actor, message=""):
    ModerationEvent.objects.create(resource=resource, action=action, actor=actor, message=message)
    log_action(f"library.{action}", actor=actor, target=resource, message=message)


def _publish(resource, actor, action, message=""):
    resource.status = Status.PUBLISHED
    if resource.published_at is None:
        resource.published_at = timezone.now()
    resource.save(update_fields=["status", "published_at", "updated"])
    _record(resource, action, actor, message)


def _locked_for_decision(moderator, resource):
    """The resource, locked, once ``moderator`` may decide on it and it awaits a decision."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if not (is_signed_in & is_moderator).test(moderator, resource):
        raise PermissionDenied
    if resource.contributor_id is not None and resource.contributor_id == moderator.pk:
        raise ValidationError(_("You cannot decide on your own contribution."))
    if resource.status != Status.SUBMITTED:
        raise ValidationError(
            _("This resource is not waiting for a decision: it is “%(status)s”."),
            params={"status": resource.get_status_display()},
            code="already-decided",
        )
    return resource


def _title_for_recipient(resource):
    # Called with the recipient's language active (``notify``), so a translated title shows.
    return resource.title.for_reader().text


def approve(moderator, resource, message=""):
    """Publish a submitted resource; the contributor is told, with the optional message."""
    message = (message or "").strip()
    with transaction.atomic():
        resource = _locked_for_decision(moderator, resource)
        _publish(resource, moderator, ModerationEvent.Action.APPROVED, message)
        _tell_contributor(
            resource,
            "library.approved",
            title=lambda: (
                gettext("Your resource “%(title)s” is published")
                % {"title": _title_for_recipient(resource)}
            ),
            body=lambda: message,
            url=resource.get_absolute_url(),
        )
    return resource


def request_changes(moderator, resource, message):
    """Send a submitted resource back to its contributor with what to change."""
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Tell the contributor what to change.")})
    with transaction.atomic():
        resource = _locked_for_decision(moderator, resource)
        resource.status = Status.CHANGES_REQUESTED
        resource.save(update_fields=["status", "updated"])
        _record(resource, ModerationEvent.Action.CHANGES_REQUESTED, moderator, message)
        _tell_contributor(
            resource,
            "library.changes_requested",
            title=lambda: (
                gettext("Changes are asked for your resource “%(title)s”")
                % {"title": _title_for_recipient(resource)}
            ),
            body=lambda: message,
            url=reverse("library:history", kwargs={"pk": resource.pk}),
        )
    return resource


def reject(moderator, resource, reason):
    """Refuse a submitted resource, with the reason the contributor is given."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"message": _("Give the reason for the rejection.")})
    with transaction.atomic():
        resource = _locked_for_decision(moderator, resource)
        resource.status = Status.REJECTED
        resource.save(update_fields=["status", "updated"])
        _record(resource, ModerationEvent.Action.REJECTED, moderator, reason)
        _tell_contributor(
            resource,
            "library.rejected",
            title=lambda: (
                gettext("Your resource “%(title)s” was not accepted")
                % {"title": _title_for_recipient(resource)}
            ),
            body=lambda: reason,
            url=reverse("library:history", kwargs={"pk": resource.pk}),
        )
    return resource


def withdraw(actor, resource, reason=""):
    """Take a resource out of the library; harvesters see it as deleted."""
    if not actor.has_perm("library.withdraw_resource", resource):
        raise PermissionDenied
    reason = (reason or "").strip()
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        if resource.status == Status.WITHDRAWN:
            raise ValidationError(_("This resource has already been withdrawn."))
        resource.status = Status.WITHDRAWN
        resource.save(update_fields=["status", "updated"])
        _record(resource, ModerationEvent.Action.WITHDRAWN, actor, reason)
        if resource.contributor_id != actor.pk:
            _tell_contributor(
                resource,
                "library.withdrawn",
                title=lambda: (
                    gettext("Your resource “%(title)s” was withdrawn from the library")
                    % {"title": _title_for_recipient(resource)}
                ),
                body=lambda: reason,
                url=reverse("library:history", kwargs={"pk": resource.pk}),
            )
    return resource


def _tell_contributor(resource, verb, *, title, body, url):
    if resource.contributor is None:
        return
    notify(resource.contributor, verb, title=title, body=body, url=url)


def _tell_moderators(resource):
    """Tell (in-app) everyone who may decide on ``resource`` that it waits for them."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from atelier.accounts.models import RoleAssignment
    from atelier.accounts.roles import Role
    from atelier.programmes.models import Programme

    scope = Q(scope_type__isnull=True)
    if resource.programme_id:
        scope |= Q(
            scope_type=ContentType.objects.get_for_model(Programme),
            scope_id=resource.programme_id,
        )
    assignments = (
        RoleAssignment.objects.filter(scope, role=Role.MODERATOR)
        .exclude(user_id=resource.contributor_id)
        .select_related("user")
        .order_by("user_id")
    )
    told = set()
    url = reverse("library:review", kwargs={"pk": resource.pk})
    for assignment in assignments:
        if assignment.user_id in told:
            continue
        told.add(assignment.user_id)
        notify(
            assignment.user,
            "library.submitted",
            title=lambda: (
                gettext("New resource to review: “%(title)s”")
                % {"title": _title_for_recipient(resource)}
            ),
            url=url,
            email=False,
        )
