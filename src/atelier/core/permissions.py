"""The permission every view declares: a rule checked against the view's object, loaded once.

Visitors who may not see a page are sent to log in (they may have the right once signed in);
signed-in people without the right are answered 403. A view whose page should not even hint
that signing in helps answers 403 to visitors as well (``login=False``).
"""

import inspect
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def _refuse(request, login):
    if login and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _perms(perm):
    return (perm,) if isinstance(perm, str) else tuple(perm)


def permission_required(perm, *, login=True):
    """A view of no object: ``perm`` (a rule name, or several) checked for the person."""
    perms = _perms(perm)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perms(perms):
                return _refuse(request, login)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def object_permission(perm, load, *, login=True, of=None):
    """A view of one object: ``load`` finds it, ``perm`` is checked against it, the view gets it.

    ``load(request, <URL arguments it names>)`` returns the object or raises ``Http404`` (it
    may return ``None`` for a visitor, who is then asked to log in when the rule needs a
    person). The view is called as ``view(request, obj, <the other URL arguments>)``: the
    object is looked up once per request, and the view never looks it up again. ``of(obj)``,
    when given, is what the rule is checked against (a file's resource, say).
    """
    perms = _perms(perm)
    taken = [
        name
        for name, parameter in list(inspect.signature(load).parameters.items())[1:]
        if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
    ]

    def decorator(view):
        @wraps(view)
        def wrapped(request, **kwargs):
            obj = load(request, **{name: kwargs.pop(name) for name in taken})
            if not request.user.has_perms(perms, obj if of is None else of(obj)):
                return _refuse(request, login)
            return view(request, obj, **kwargs)

        return wrapped

    return decorator
