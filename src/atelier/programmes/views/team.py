"""A programme's team and community: roles given and invitations sent by e-mail, requests to
join accepted, and the page an invitation's link opens."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from atelier.accounts.roles import Role
from atelier.core.confirm import confirm_page
from atelier.core.forms import add_service_error
from atelier.core.permissions import object_permission, permission_required

from .. import queries, services
from ..forms import TeamInviteForm
from ..models import Membership
from . import loaders


@require_http_methods(["GET", "POST"])
@object_permission("programmes.view_team", loaders.programme, login=False)
def team(request, programme):
    can_manage = request.user.has_perm("programmes.manage_team", programme)
    form = TeamInviteForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                outcome, _done = services.invite(
                    programme, data["email"], data["role"], actor=request.user
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                if outcome == "given":
                    messages.success(request, _("The role has been given."))
                else:
                    messages.success(
                        request,
                        _("An invitation has been sent to %(email)s.") % {"email": data["email"]},
                    )
                return redirect("programmes:team", slug=programme.slug)
    members = list(queries.team(programme))
    revoke = reverse("programmes:team-revoke", args=[programme.slug])
    for assignment in members:
        assignment.revoke_url = (
            f"{revoke}?{urlencode({'user': assignment.user_id, 'role': assignment.role})}"
        )
    return render(
        request,
        "programmes/team.html",
        {
            "programme": programme,
            "form": form,
            "can_manage": can_manage,
            "team": members,
            "invitations": queries.pending_invitations(programme),
            "requests": queries.join_requests(programme),
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@object_permission("programmes.manage_team", loaders.programme, login=False)
def team_revoke(request, programme):
    data = request.POST if request.method == "POST" else request.GET
    person = get_object_or_404(get_user_model(), pk=_number(data.get("user")))
    role = data.get("role", "")
    if role not in services.TEAM_ROLES:
        return redirect("programmes:team", slug=programme.slug)
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Remove %(person)s as %(role)s?")
            % {"person": person, "role": str(Role(role).label).lower()},
            message=_(
                "%(person)s can no longer act as %(role)s in this programme. What they did "
                "stays, and you can give the role again later."
            )
            % {"person": person, "role": str(Role(role).label).lower()},
            button=_("Remove the role"),
            action=reverse("programmes:team-revoke", args=[programme.slug]),
            fields={"user": person.pk, "role": role},
            cancel_url=reverse("programmes:team", args=[programme.slug]),
        )
    services.revoke_team_role(programme, person, role, actor=request.user)
    messages.success(request, _("The role has been removed."))
    return redirect("programmes:team", slug=programme.slug)


def _number(value):
    return int(value) if str(value or "").isdigit() and len(str(value)) < 19 else 0


@require_http_methods(["GET", "POST"])
@object_permission("programmes.manage_team", loaders.invitation, login=False)
def invitation_withdraw(request, invitation):
    programme = invitation.programme
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Withdraw the invitation of %(email)s?") % {"email": invitation.email},
            message=_(
                "The link sent to %(email)s stops working, and signing up with that address "
                "no longer gives the role. You can invite them again later."
            )
            % {"email": invitation.email},
            button=_("Withdraw the invitation"),
            cancel_url=reverse("programmes:team", args=[programme.slug]),
        )
    services.withdraw_invitation(invitation, actor=request.user)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("programmes:team", slug=programme.slug)


@require_POST
@object_permission("programmes.manage_community", loaders.programme, login=False)
def accept_member(request, programme, membership_pk):
    membership = get_object_or_404(Membership, pk=membership_pk, programme=programme)
    services.accept_member(programme, membership, actor=request.user)
    messages.success(request, _("The member has been accepted."))
    return redirect("programmes:team", slug=programme.slug)


def _invitation(request, token):
    """The invitation of a link; a link that fails is shown on the page, not as an error."""
    try:
        return services.invitation_from_token(token)
    except ValidationError as error:
        request.invitation_error = error.messages[0]
        return None


@require_http_methods(["GET", "POST"])
@permission_required("programmes.open_invitation")
def invitation(request, token):
    """Anyone holding the link sees what it invites to; accepting needs the invited address,
    confirmed on the person's account (``programmes.accept_invitation`` and the service)."""
    found = _invitation(request, token)
    if found is None:
        return render(
            request,
            "programmes/invitation.html",
            {"error": request.invitation_error},
            status=404,
        )
    error = ""
    if request.method == "POST":
        if not request.user.has_perm("programmes.accept_invitation", found):
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            services.accept_invitation(found, request.user)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(
                request,
                _("Welcome to the team of %(programme)s.") % {"programme": found.programme},
            )
            return redirect(found.programme)
    return render(
        request,
        "programmes/invitation.html",
        {"invitation": found, "error": error, "path": request.path},
        status=400 if error else 200,
    )
