"""In-app and e-mail notifications, written in each recipient's own language."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "atelier.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
