from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home_page, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("pick/<str:name>/", views.pick, name="pick"),
]
