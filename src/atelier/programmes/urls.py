from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.programme_list, name="list"),
    path("programmes/import/", views.import_upload, name="import"),
    path("programmes/import/<int:pk>/", views.import_detail, name="import-detail"),
    path("programmes/import/<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("programmes/import/<int:pk>/progress/", views.import_progress, name="import-progress"),
    path("programmes/<slug:slug>/", views.programme_detail, name="detail"),
    path("programmes/<slug:slug>/join/", views.join, name="join"),
    path("programmes/<slug:slug>/leave/", views.leave, name="leave"),
    path("programmes/<slug:slug>/team/", views.team, name="team"),
    path("programmes/<slug:slug>/team/revoke/", views.team_revoke, name="team-revoke"),
    path(
        "programmes/<slug:slug>/community/<int:membership_pk>/accept/",
        views.accept_member,
        name="community-accept",
    ),
]
