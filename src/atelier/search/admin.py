from django.contrib import admin

from .models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("kind", "object_id", "language", "url", "updated")
    list_filter = ("kind", "language")
    search_fields = ("url",)
    readonly_fields = [f.name for f in Entry._meta.fields]
