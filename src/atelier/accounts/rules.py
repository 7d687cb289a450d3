"""Permission predicates for people and roles; later apps combine them with their own."""

import rules
from django.contrib.contenttypes.models import ContentType

from .roles import Role


def role_keys(user):
    """The user's roles as a set of (role, scope_type_id, scope_id), loaded once per object."""
    cached = getattr(user, "_atelier_role_keys", None)
    if cached is None:
        cached = set(user.role_assignments.values_list("role", "scope_type_id", "scope_id"))
        user._atelier_role_keys = cached
    return cached


def role_scope(obj):
    """The object whose roles govern ``obj``: its ``role_scope`` if it names one, else itself."""
    if obj is None:
        return None
    scope = getattr(obj, "role_scope", obj)
    return scope() if callable(scope) else scope


def holds_role(user, role, obj=None):
    """True when the user holds ``role`` platform-wide, or within ``obj``'s scope."""
    if not user.is_authenticated or not user.is_active:
        return False
    keys = role_keys(user)
    if (role, None, None) in keys:
        return True
    scope = role_scope(obj)
    if scope is None or getattr(scope, "pk", None) is None:
        return False
    scope_type = ContentType.objects.get_for_model(scope)
    return (role, scope_type.pk, scope.pk) in keys


def has_role(role):
    """A predicate: the user holds ``role`` platform-wide or within the object's scope."""

    @rules.predicate(name=f"has_role:{role}")
    def predicate(user, obj=None):
        return holds_role(user, role, obj)

    return predicate


is_platform_admin = rules.is_active & rules.is_superuser
is_signed_in = rules.is_authenticated & rules.is_active
is_member = is_signed_in
is_moderator = has_role(Role.MODERATOR) | is_platform_admin
is_coordinator = has_role(Role.COORDINATOR) | is_platform_admin
is_facilitator = has_role(Role.FACILITATOR) | is_platform_admin
is_reviewer = has_role(Role.REVIEWER) | is_platform_admin
is_expert = has_role(Role.EXPERT)


@rules.predicate
def is_self(user, person):
    return person is not None and user.is_authenticated and user.pk == person.pk


@rules.predicate
def is_public_profile(user, person):
    return person is not None and person.is_public and person.is_active and not person.is_erased


rules.add_perm("accounts.view_own_page", is_signed_in)
rules.add_perm("accounts.change_own_profile", is_signed_in)
rules.add_perm("accounts.export_own_data", is_signed_in)
rules.add_perm("accounts.delete_own_account", is_signed_in)
rules.add_perm("accounts.view_profile", is_public_profile | is_self | is_platform_admin)
