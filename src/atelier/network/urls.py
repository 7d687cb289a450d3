from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/map.json", views.organisation_map_data, name="organisation-map-data"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("people/", views.people_list, name="people-list"),
    path("people/<int:pk>/contact/", views.contact_person, name="person-contact"),
]
