from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "verb", "created", "read_at")
    list_filter = ("verb",)
    raw_id_fields = ("recipient",)
