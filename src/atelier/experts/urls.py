from django.urls import path

from .views import offers, profiles, support

app_name = "experts"

urlpatterns = [
    path("", profiles.directory, name="directory"),
    path("me/", profiles.edit_own, name="me"),
    path("<int:pk>/", profiles.detail, name="detail"),
    path("<int:pk>/cv/", profiles.cv, name="cv"),
    # Support requests and missions (views.support), consultation offers (views.offers).
    path("requests/", support.request_list, name="support-list"),
    path("requests/new/", support.request_new, name="support-new"),
    path("requests/<int:pk>/", support.request_detail, name="support-detail"),
    path("requests/<int:pk>/edit/", support.request_edit, name="support-edit"),
    path("requests/<int:pk>/close/", support.request_close, name="support-close"),
    path("missions/", support.mission_list, name="mission-list"),
    path("missions/<int:pk>/", support.mission_detail, name="mission-detail"),
    path("missions/<int:pk>/publish/", support.mission_publish, name="mission-publish"),
    path("missions/<int:pk>/cancel/", support.mission_cancel, name="mission-cancel"),
    path("offers/", offers.offer_list, name="offer-list"),
    path("offers/new/", offers.offer_new, name="offer-new"),
    path("offers/<int:pk>/", offers.offer_detail, name="offer-detail"),
    path("offers/<int:pk>/edit/", offers.offer_edit, name="offer-edit"),
    path("consultations/", offers.consultation_list, name="consultation-list"),
    path("consultations/<int:pk>/", offers.consultation_detail, name="consultation-detail"),
    path(
        "consultations/<int:pk>/withdraw/",
        offers.consultation_withdraw,
        name="consultation-withdraw",
    ),
]
