from django.urls import path

from .views import imports, manage, partners, public, team

app_name = "programmes"

urlpatterns = [
    path("programmes/", public.programme_list, name="list"),
    path("programmes/new/", manage.programme_create, name="create"),
    path("programmes/creators/", manage.creators, name="creators"),
    path("programmes/creators/<int:pk>/remove/", manage.creator_remove, name="creator-remove"),
    path("programmes/invitations/<str:token>/", team.invitation, name="invitation"),
    path("programmes/import/", imports.import_upload, name="import"),
    path("programmes/import/<int:pk>/", imports.import_detail, name="import-detail"),
    path("programmes/import/<int:pk>/confirm/", imports.import_confirm, name="import-confirm"),
    path("programmes/import/<int:pk>/progress/", imports.import_progress, name="import-progress"),
    path("programmes/<slug:slug>/", public.programme_detail, name="detail"),
    path("programmes/<slug:slug>/edit/", manage.programme_edit, name="edit"),
    path("programmes/<slug:slug>/history/", manage.programme_history, name="history"),
    path("programmes/<slug:slug>/end/", manage.programme_end, name="end"),
    path("programmes/<slug:slug>/reopen/", manage.programme_reopen, name="reopen"),
    path("programmes/<slug:slug>/join/", public.join, name="join"),
    path("programmes/<slug:slug>/leave/", public.leave, name="leave"),
    path("programmes/<slug:slug>/partners/", partners.partners, name="partners"),
    path(
        "programmes/<slug:slug>/partners/<int:partner_pk>/",
        partners.partner_edit,
        name="partner-edit",
    ),
    path(
        "programmes/<slug:slug>/partners/<int:partner_pk>/move/",
        partners.partner_move,
        name="partner-move",
    ),
    path(
        "programmes/<slug:slug>/partners/<int:partner_pk>/remove/",
        partners.partner_remove,
        name="partner-remove",
    ),
    path("programmes/<slug:slug>/team/", team.team, name="team"),
    path("programmes/<slug:slug>/team/revoke/", team.team_revoke, name="team-revoke"),
    path(
        "programmes/<slug:slug>/team/invitations/<int:invitation_pk>/withdraw/",
        team.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path(
        "programmes/<slug:slug>/community/<int:membership_pk>/accept/",
        team.accept_member,
        name="community-accept",
    ),
]
