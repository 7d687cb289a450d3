"""The write path of a programme's community: members join, leave, and are accepted."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from atelier.core.audit import log_action

from ..models import Membership, Programme


@transaction.atomic
def join_community(programme, user):
    """An open community takes the member at once; one on request records the request."""
    access = programme.community_access
    if access == Programme.CommunityAccess.INVITATION:
        raise PermissionDenied(_("This community accepts members by invitation only."))
    state = (
        Membership.State.ACTIVE
        if access == Programme.CommunityAccess.OPEN
        else Membership.State.REQUESTED
    )
    membership, created = Membership.objects.select_for_update().get_or_create(
        programme=programme, user=user, defaults={"state": state}
    )
    if not created and membership.state == Membership.State.INVITED:
        membership.state = Membership.State.ACTIVE
        membership.save(update_fields=["state"])
    if created or membership.state == Membership.State.ACTIVE:
        log_action(f"programmes.community.{membership.state}", actor=user, target=programme)
    return membership


@transaction.atomic
def leave_community(programme, user):
    deleted, _count = Membership.objects.filter(programme=programme, user=user).delete()
    if deleted:
        log_action("programmes.community.leave", actor=user, target=programme)
    return bool(deleted)


@transaction.atomic
def accept_member(programme, membership, *, actor):
    if membership.programme_id != programme.pk:
        raise ValidationError(_("This request belongs to another programme."))
    membership.state = Membership.State.ACTIVE
    membership.save(update_fields=["state"])
    log_action(
        "programmes.community.accept", actor=actor, target=programme, user=membership.user_id
    )
    return membership
