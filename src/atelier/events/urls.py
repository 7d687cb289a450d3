from django.urls import path

from .views import attendance, calendars, events, materials
from .views import messages as event_messages

app_name = "events"

urlpatterns = [
    path("", events.event_list, name="list"),
    path("month/<int:year>/<int:month>/", events.event_month, name="month"),
    path("new/", events.event_create, name="create"),
    path("mine/", events.my_registrations, name="mine"),
    path("mine/calendar/", calendars.my_calendar, name="my-calendar"),
    path("invitations/<str:token>/", events.invitation, name="invitation"),
    path("tickets/<str:token>/", attendance.ticket, name="ticket"),
    path(
        "tickets/<str:token>/certificate/",
        attendance.certificate_download,
        name="certificate",
    ),
    path("certificates/<str:code>/", attendance.certificate_verify, name="certificate-verify"),
    path(
        "certificates/<str:code>/revoke/",
        attendance.certificate_revoke,
        name="certificate-revoke",
    ),
    path("<slug:slug>/", events.event_detail, name="detail"),
    path("<slug:slug>/edit/", events.event_edit, name="edit"),
    path("<slug:slug>/event.ics", calendars.event_ics, name="ics"),
    path("<slug:slug>/materials/", materials.materials, name="materials"),
    path("<slug:slug>/materials/attach/", materials.attach_material, name="materials-attach"),
    path(
        "<slug:slug>/materials/<int:pk>/remove/",
        materials.remove_material,
        name="materials-remove",
    ),
    path("<slug:slug>/cancel-event/", events.event_cancel, name="cancel-event"),
    path("<slug:slug>/register/", events.register, name="register"),
    path("<slug:slug>/cancel/", events.cancel_registration, name="cancel"),
    path("<slug:slug>/confirm/", events.confirm_offer, name="confirm"),
    path("<slug:slug>/registrations/", events.manage_registrations, name="manage"),
    path("<slug:slug>/registrations/<int:pk>/<str:decision>/", events.decide, name="decide"),
    path("<slug:slug>/invitations/", events.invitations, name="invitations"),
    path("<slug:slug>/messages/", event_messages.event_messages, name="messages"),
    path("<slug:slug>/certificates/", attendance.certificate_list, name="certificates"),
    path("<slug:slug>/check-in/", attendance.check_in_list, name="check-in-list"),
    path("<slug:slug>/check-in/find/", attendance.find_ticket, name="find-ticket"),
    path("<slug:slug>/check-in/<str:token>/", attendance.check_in, name="check-in"),
    path(
        "<slug:slug>/attendance.<str:fmt>",
        attendance.export,
        name="attendance-export",
    ),
    path("<slug:slug>/sessions/", events.sessions, name="sessions"),
    path("<slug:slug>/sessions/<int:pk>/", events.session_edit, name="session-edit"),
    path("<slug:slug>/sessions/<int:pk>/delete/", events.session_delete, name="session-delete"),
    path("<slug:slug>/questions/", events.questions, name="questions"),
    path("<slug:slug>/questions/<int:pk>/delete/", events.question_delete, name="question-delete"),
]
