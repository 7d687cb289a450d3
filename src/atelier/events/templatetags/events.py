"""Template helpers of events: language names, attendance modes, answers, dates, /me/."""

from django import template

from atelier.core.answers import display_answer
from atelier.core.languages import language_name

from ..models import AttendanceMode

register = template.Library()


@register.filter
def language_names(codes):
    """``["bg", "en"]`` as "Bulgarian, English" in the reader's language."""
    return ", ".join(language_name(code) for code in codes or [])


@register.filter
def attendance_label(mode):
    return AttendanceMode(mode).label if mode in AttendanceMode.values else mode


@register.filter
def join_attendance(modes):
    return ", ".join(str(attendance_label(mode)) for mode in modes)


@register.filter
def answer_to(answers, question_id):
    return (answers or {}).get(str(question_id), "")


@register.simple_tag
def answer_of(answers, question):
    """The registration's answer to ``question`` as a reader sees it."""
    return display_answer(question.kind, (answers or {}).get(str(question.pk), ""))


@register.filter
def event_dates(event):
    """ "12 May 2031" or "12 May 2031 to 13 May 2031", in the event's time zone."""
    from ..services.certificates import event_dates

    return event_dates(event)


@register.simple_tag
def my_registrations(person, limit=5):
    """For the /me/ page: the person's latest registrations, their certificates of attendance
    and the events they organise."""
    from .. import queries

    registrations = list(queries.registrations_of(person)[: limit + 1])
    return {
        "registrations": registrations[:limit],
        "more": len(registrations) > limit,
        "certificates": queries.certificates_of(person),
        "organised": list(queries.organised_by(person)[:limit]),
    }
