"""Who is looking: the participant behind a request or a websocket (member or guest)."""

from .models import Participant


def guest_session_key(lab_id):
    return f"labs.guest.{lab_id}"


def participant_for(user, session, lab):
    """The lab's participant for this member, or for the guest token kept in the session."""
    if user is not None and user.is_authenticated:
        return Participant.objects.filter(lab=lab, user=user).first()
    token = session.get(guest_session_key(lab.pk)) if session is not None else None
    if not token:
        return None
    return Participant.objects.filter(lab=lab, user=None, guest_token=token).first()
