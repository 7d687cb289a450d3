from django.urls import path

from . import views, views_attendance, views_calendar, views_materials

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("month/<int:year>/<int:month>/", views.event_month, name="month"),
    path("new/", views.event_create, name="create"),
    path("mine/", views.my_registrations, name="mine"),
    path("mine/calendar/", views_calendar.my_calendar, name="my-calendar"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("tickets/<str:token>/", views_attendance.ticket, name="ticket"),
    path(
        "tickets/<str:token>/certificate/",
        views_attendance.certificate_download,
        name="certificate",
    ),
    path(
        "certificates/<str:code>/", views_attendance.certificate_verify, name="certificate-verify"
    ),
    path(
        "certificates/<str:code>/revoke/",
        views_attendance.certificate_revoke,
        name="certificate-revoke",
    ),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/event.ics", views_calendar.event_ics, name="ics"),
    path("<slug:slug>/materials/", views_materials.materials, name="materials"),
    path("<slug:slug>/materials/attach/", views_materials.attach_material, name="materials-attach"),
    path(
        "<slug:slug>/materials/<int:pk>/remove/",
        views_materials.remove_material,
        name="materials-remove",
    ),
    path("<slug:slug>/cancel-event/", views.event_cancel, name="cancel-event"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/cancel/", views.cancel_registration, name="cancel"),
    path("<slug:slug>/confirm/", views.confirm_offer, name="confirm"),
    path("<slug:slug>/registrations/", views.manage_registrations, name="manage"),
    path("<slug:slug>/registrations/<int:pk>/<str:decision>/", views.decide, name="decide"),
    path("<slug:slug>/invitations/", views.invitations, name="invitations"),
    path("<slug:slug>/check-in/", views_attendance.check_in_list, name="check-in-list"),
    path("<slug:slug>/check-in/find/", views_attendance.find_ticket, name="find-ticket"),
    path("<slug:slug>/check-in/<str:token>/", views_attendance.check_in, name="check-in"),
    path(
        "<slug:slug>/attendance.<str:fmt>",
        views_attendance.export,
        name="attendance-export",
    ),
    path("<slug:slug>/sessions/", views.sessions, name="sessions"),
    path("<slug:slug>/sessions/<int:pk>/", views.session_edit, name="session-edit"),
    path("<slug:slug>/sessions/<int:pk>/delete/", views.session_delete, name="session-delete"),
    path("<slug:slug>/questions/", views.questions, name="questions"),
    path("<slug:slug>/questions/<int:pk>/delete/", views.question_delete, name="question-delete"),
]
