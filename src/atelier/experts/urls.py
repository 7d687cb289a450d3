from django.urls import path

from . import views, views_offers, views_support

app_name = "experts"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/", views.edit_own, name="me"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/cv/", views.cv, name="cv"),
    # Support requests and missions (views_support), consultation offers (views_offers).
    path("requests/", views_support.request_list, name="support-list"),
    path("requests/new/", views_support.request_new, name="support-new"),
    path("requests/<int:pk>/", views_support.request_detail, name="support-detail"),
    path("requests/<int:pk>/edit/", views_support.request_edit, name="support-edit"),
    path("missions/", views_support.mission_list, name="mission-list"),
    path("missions/<int:pk>/", views_support.mission_detail, name="mission-detail"),
    path("missions/<int:pk>/publish/", views_support.mission_publish, name="mission-publish"),
    path("offers/", views_offers.offer_list, name="offer-list"),
    path("offers/new/", views_offers.offer_new, name="offer-new"),
    path("offers/<int:pk>/", views_offers.offer_detail, name="offer-detail"),
    path("offers/<int:pk>/edit/", views_offers.offer_edit, name="offer-edit"),
    path("consultations/", views_offers.consultation_list, name="consultation-list"),
    path("consultations/<int:pk>/", views_offers.consultation_detail, name="consultation-detail"),
]
