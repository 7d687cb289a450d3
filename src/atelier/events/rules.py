"""Who may do what with events: coordinators and organisers run them, members take part."""

import rules

from atelier.accounts.roles import Role
from atelier.accounts.rules import is_coordinator, is_platform_admin, is_signed_in, role_keys


@rules.predicate
def is_organiser(user, event):
    if event is None or not user.is_authenticated or event.pk is None:
        return False
    cache = getattr(event, "_organiser_ids", None)
    if cache is None:
        cache = set(event.organisers.values_list("pk", flat=True))
        event._organiser_ids = cache
    return user.pk in cache


@rules.predicate
def coordinates_anything(user):
    """Holds the coordinator role somewhere: platform-wide or within some programme."""
    if not user.is_authenticated or not user.is_active:
        return False
    return any(role == Role.COORDINATOR for role, _type, _id in role_keys(user))


@rules.predicate
def is_visible(user, event):
    return event is not None and event.status != "draft"


runs_event = is_coordinator | is_organiser


@rules.predicate
def is_own_registration(user, registration):
    return registration is not None and user.is_authenticated and registration.user_id == user.pk


@rules.predicate
def runs_registrations_event(user, registration):
    return registration is not None and runs_event.test(user, registration.event)


@rules.predicate
def was_checked_in(user, registration):
    return registration is not None and registration.checked_in_at is not None


@rules.predicate
def runs_certificates_event(user, certificate):
    return certificate is not None and runs_event.test(user, certificate.registration.event)


def coordinates_platform(user):
    return is_platform_admin.test(user) or (
        user.is_authenticated and (Role.COORDINATOR, None, None) in role_keys(user)
    )


rules.add_perm("events.browse_events", rules.always_allow)
rules.add_perm("events.view_event", is_visible | runs_event)
rules.add_perm("events.add_event", coordinates_anything | is_platform_admin)
rules.add_perm("events.change_event", runs_event)
rules.add_perm("events.manage_registrations", runs_event)
rules.add_perm("events.see_online_link", runs_event)
rules.add_perm("events.register", is_signed_in & is_visible)
rules.add_perm("events.view_registration", is_own_registration | runs_registrations_event)
rules.add_perm("events.cancel_registration", is_own_registration)
rules.add_perm("events.confirm_offer", is_own_registration)
rules.add_perm("events.view_own_registrations", is_signed_in)
rules.add_perm("events.view_ticket", is_own_registration | runs_registrations_event)
rules.add_perm("events.download_certificate", is_own_registration & was_checked_in)
rules.add_perm("events.revoke_certificate", runs_certificates_event)
rules.add_perm("events.issue_certificates", runs_event)
rules.add_perm("events.message_registrants", runs_event)
rules.add_perm("events.verify_certificate", rules.always_allow)
