"""The write path of a programme's team: roles given, removed, and invitations by e-mail.

Someone with a confirmed address on Atelier gets the role at once and is told. Anyone else is
sent an invitation with a signed link; the role is theirs when they accept it, or when they
sign up or log in with the invited address confirmed.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from atelier.accounts import queries as accounts_queries
from atelier.accounts import services as accounts_services
from atelier.accounts.roles import Role
from atelier.core.audit import log_action
from atelier.notifications.services import notify

from ..models import Invitation

# The roles a coordinator gives within their programme.
TEAM_ROLES = (Role.COORDINATOR, Role.MODERATOR, Role.FACILITATOR, Role.REVIEWER)

INVITATION_SALT = "atelier.programmes.invitation"


def invitation_max_age():
    """How long an invitation's link works, in seconds."""
    return getattr(settings, "ATELIER_INVITATION_DAYS", 30) * 24 * 3600


def _check_role(role):
    if role not in TEAM_ROLES:
        raise ValidationError(_("This role cannot be given within a programme."), code="role")


def assign_team_role(programme, user, role, *, actor=None):
    _check_role(role)
    assignment = accounts_services.assign_role(user, role, scope=programme, actor=actor)
    log_action("programmes.team.assign", actor=actor, target=programme, user=user.pk, role=role)
    return assignment


def revoke_team_role(programme, user, role, *, actor=None):
    deleted = accounts_services.revoke_role(user, role, scope=programme, actor=actor)
    if deleted:
        log_action("programmes.team.revoke", actor=actor, target=programme, user=user.pk, role=role)
    return deleted


def invite(programme, email, role, *, actor):
    """Give ``role`` in ``programme`` to whoever has ``email``.

    Returns ``("given", assignment)`` when a person on Atelier has confirmed that address (they
    are told by a notification), ``("invited", invitation)`` otherwise (they are sent a link).
    """
    _check_role(role)
    email = email.strip().lower()
    person = accounts_queries.verified_user(email)
    if person is not None:
        with transaction.atomic():
            assignment = assign_team_role(programme, person, role, actor=actor)
        _tell_of_role(programme, person, role)
        return "given", assignment
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                programme=programme, email=email, role=role, invited_by=actor
            )
            log_action(
                "programmes.team.invite", actor=actor, target=programme, email=email, role=role
            )
    except IntegrityError as error:
        raise ValidationError(
            _("This address has already been invited into this role."), code="invited"
        ) from error
    transaction.on_commit(lambda: _send_invitation(invitation))
    return "invited", invitation


def _tell_of_role(programme, person, role):
    label = Role(role).label

    def title():
        return _("You are now %(role)s in %(programme)s") % {
            "role": str(label).lower(),
            "programme": programme,
        }

    notify(person, "programmes.team.role", title=title, url=programme.get_absolute_url())


def invitation_token(invitation):
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_url(invitation):
    return reverse("programmes:invitation", args=[invitation_token(invitation)])


def invitation_from_token(token):
    """The invitation a link names, or a ``ValidationError`` saying why the link fails."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=invitation_max_age())
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("This invitation has expired. Ask the programme's coordinators for a new one."),
            code="expired",
        ) from error
    except signing.BadSignature as error:
        raise ValidationError(_("This invitation link is not valid."), code="bad") from error
    invitation = Invitation.objects.select_related("programme").filter(pk=pk).first()
    if invitation is None:
        raise ValidationError(
            _("This invitation has been withdrawn. Ask the programme's coordinators if in doubt."),
            code="withdrawn",
        )
    return invitation


def _send_invitation(invitation):
    link = f"{settings.SITE_URL}{invitation_url(invitation)}"
    programme = invitation.programme
    inviter = invitation.invited_by
    body = render_to_string(
        "programmes/invitation_email.txt",
        {
            "programme": programme,
            "role": invitation.get_role_display().lower(),
            "inviter": inviter.display_name_or_fallback if inviter else "",
            "link": link,
            "days": invitation_max_age() // (24 * 3600),
        },
    )
    subject = _("[Atelier] An invitation to the team of %(programme)s") % {"programme": programme}
    send_mail(subject, body, None, [invitation.email])


@transaction.atomic
def accept_invitation(invitation, user):
    """The role of a pending invitation given to ``user``, who confirmed the invited address."""
    invitation = (
        Invitation.objects.select_for_update().select_related("programme").get(pk=invitation.pk)
    )
    if invitation.programme.is_ended:
        raise ValidationError(
            _("This programme has ended: its team no longer changes."), code="ended"
        )
    if invitation.state == Invitation.State.ACCEPTED:
        if invitation.accepted_by_id == user.pk:
            return invitation
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    if invitation.email.lower() not in accounts_queries.verified_emails(user):
        raise ValidationError(
            _(
                "This invitation was sent to %(email)s. Log in with that address, or add it to "
                "your account and confirm it, to accept."
            )
            % {"email": invitation.email},
            code="address",
        )
    accounts_services.assign_role(user, invitation.role, scope=invitation.programme, actor=user)
    invitation.state = Invitation.State.ACCEPTED
    invitation.accepted_by = user
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["state", "accepted_by", "accepted_at"])
    log_action(
        "programmes.team.accept",
        actor=user,
        target=invitation.programme,
        user=user.pk,
        role=invitation.role,
    )
    return invitation


def accept_pending_invitations(user):
    """Every pending invitation to an address ``user`` has confirmed, accepted: called when
    they sign up, log in or confirm an address. Returns the invitations accepted."""
    emails = accounts_queries.verified_emails(user)
    if not emails:
        return []
    pending = Invitation.objects.filter(state=Invitation.State.PENDING, email__in=emails)
    cutoff = timezone.now() - timedelta(seconds=invitation_max_age())
    return [
        accept_invitation(invitation, user)
        for invitation in pending.filter(created__gte=cutoff).select_related("programme")
    ]


@transaction.atomic
def withdraw_invitation(invitation, *, actor):
    deleted, _count = Invitation.objects.filter(
        pk=invitation.pk, state=Invitation.State.PENDING
    ).delete()
    if deleted:
        log_action(
            "programmes.team.withdraw",
            actor=actor,
            target=invitation.programme,
            email=invitation.email,
            role=invitation.role,
        )
    return bool(deleted)
