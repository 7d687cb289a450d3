from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("me/notifications/", views.notification_list, name="list"),
    path("me/notifications/read/", views.mark_read, name="mark-read"),
    path("me/notifications/unread/", views.unread_badge, name="unread"),
]
