"""The write path of events, a module per sub-domain.

`events` organises events and their registrations (register, apply, select, invite, cancel,
remind); its verbs are re-exported here, so `from atelier.events import services` and
`services.register` keep working. `attendance` (check-in, attendance lists), `calendars`
(iCalendar files and feeds), `certificates` and `materials` are reached as
`services.attendance` and so on.
"""

from . import attendance, calendars, certificates, materials
from .events import (
    DETAIL_FIELDS,
    MAX_ANSWER_LENGTH,
    NOTIFIED_FIELDS,
    accept_application,
    accept_invitation,
    add_question,
    add_session,
    apply,
    cancel_event,
    cancel_registration,
    confirm_offer,
    create_event,
    erase_registrations,
    expire_offers,
    export_registrations,
    invite,
    register,
    registration_counts,
    reject_application,
    remove_question,
    remove_session,
    replace_original,
    seats_left,
    send_due_reminders,
    update_event,
    update_session,
    waitlist_application,
)

__all__ = [
    "DETAIL_FIELDS",
    "MAX_ANSWER_LENGTH",
    "NOTIFIED_FIELDS",
    "accept_application",
    "accept_invitation",
    "add_question",
    "add_session",
    "apply",
    "attendance",
    "calendars",
    "cancel_event",
    "cancel_registration",
    "certificates",
    "confirm_offer",
    "create_event",
    "erase_registrations",
    "expire_offers",
    "export_registrations",
    "invite",
    "materials",
    "register",
    "registration_counts",
    "reject_application",
    "remove_question",
    "remove_session",
    "replace_original",
    "seats_left",
    "send_due_reminders",
    "update_event",
    "update_session",
    "waitlist_application",
]
