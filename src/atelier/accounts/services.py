"""The write path for people: profiles, roles, data export and erasure."""

import json

from django.contrib.auth import logout
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atelier.core.audit import log_action

from .models import RoleAssignment

# Later apps add what they hold about a person: name -> callable(user) -> JSON-able data.
_EXPORTERS = {}
# ... and how to forget it: callables(user) run inside the erasure's transaction.
_ERASERS = []


def register_exporter(name, exporter):
    _EXPORTERS[name] = exporter


def register_eraser(eraser):
    _ERASERS.append(eraser)


def assign_role(user, role, scope=None, *, actor=None):
    scope_fields = {}
    if scope is not None:
        scope_fields = {
            "scope_type": ContentType.objects.get_for_model(scope),
            "scope_id": scope.pk,
        }
    else:
        scope_fields = {"scope_type": None, "scope_id": None}
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, **scope_fields)
    if created:
        log_action("accounts.role.assign", actor=actor, target=user, role=role)
    user.__dict__.pop("_atelier_role_keys", None)
    return assignment


def revoke_role(user, role, scope=None, *, actor=None):
    assignments = RoleAssignment.objects.filter(user=user, role=role)
    if scope is None:
        assignments = assignments.filter(scope_type__isnull=True)
    else:
        assignments = assignments.filter(
            scope_type=ContentType.objects.get_for_model(scope), scope_id=scope.pk
        )
    deleted, _count = assignments.delete()
    if deleted:
        log_action("accounts.role.revoke", actor=actor, target=user, role=role)
    user.__dict__.pop("_atelier_role_keys", None)
    return deleted


@transaction.atomic
def update_profile(user, *, data, interests, avatar=None, remove_avatar=False):
    """Save profile fields; a new avatar replaces the old one, whose file is removed."""
    old_avatar_name = user.avatar.name if user.avatar else ""
    for field, value in data.items():
        setattr(user, field, value)
    if avatar is not None:
        user.avatar.save(avatar.name, avatar, save=False)
    elif remove_avatar:
        user.avatar = ""
    user.save()
    user.interests.set(interests)
    if old_avatar_name and old_avatar_name != (user.avatar.name if user.avatar else ""):
        storage = user.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_avatar_name))
    log_action("accounts.profile.update", actor=user, target=user)
    return user


def set_preferred_language(user, language):
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def export_data(user):
    """Everything Atelier holds about a person, as a JSON-able dict."""
    from allauth.account.models import EmailAddress

    data = {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "preferred_language": user.preferred_language,
        },
        "profile": {
            "display_name": user.display_name,
            "country": str(user.country.code) if user.country else "",
            "organisation": user.organisation,
            "languages": user.languages,
            "interests": [theme.slug for theme in user.interests.all()],
            "bio": user.bio,
            "avatar": user.avatar.url if user.avatar else None,
            "is_public": user.is_public,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "roles": [
            {
                "role": assignment.role,
                "scope": str(assignment.scope) if assignment.scope_id else None,
                "since": assignment.created,
            }
            for assignment in user.role_assignments.select_related("scope_type")
        ],
    }
    for name, exporter in _EXPORTERS.items():
        data[name] = exporter(user)
    return data


def export_json(user):
    return json.dumps(export_data(user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def erase_account(request, user, password):
    """Erase a person's personal data after they confirm with their password.

    The user row stays (so what they contributed keeps a valid author, shown as "former
    member"); everything that identifies them goes.
    """
    if not user.check_password(password):
        raise ValidationError(_("The password is not correct."), code="password")
    from allauth.account.models import EmailAddress
    from django.contrib.sessions.models import Session

    avatar_name = user.avatar.name if user.avatar else ""
    storage = user.avatar.storage
    with transaction.atomic():
        for eraser in _ERASERS:
            eraser(user)
        EmailAddress.objects.filter(user=user).delete()
        user.role_assignments.all().delete()
        user.interests.clear()
        user.email = f"former-member-{user.pk}@erased.invalid"
        user.display_name = ""
        user.country = ""
        user.organisation = ""
        user.languages = []
        user.bio = ""
        user.avatar = ""
        user.is_public = False
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.erased_at = timezone.now()
        user.set_unusable_password()
        user.save()
        log_action("accounts.account.erase", target=user)
        if avatar_name:
            transaction.on_commit(lambda: storage.delete(avatar_name))
    logout(request)
    # Any other session of the same person ends too.
    for session in Session.objects.filter(expire_date__gte=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
    return user
