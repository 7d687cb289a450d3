from django.contrib import admin

from .models import Collection, CollectionItem, ModerationEvent, Podcast, Resource, ResourceFile


class ResourceFileInline(admin.TabularInline):
    model = ResourceFile
    fk_name = "resource"
    extra = 0
    fields = ("role", "original_name", "mime_type", "size", "extraction", "download_count")
    readonly_fields = fields
    can_delete = False


class ModerationEventInline(admin.TabularInline):
    model = ModerationEvent
    extra = 0
    fields = ("created", "action", "actor", "message")
    readonly_fields = fields
    can_delete = False


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "status", "programme", "published_at", "download_count")
    list_filter = ("status", "kind", "licence")
    raw_id_fields = ("contributor", "programme", "podcast")
    inlines = [ResourceFileInline, ModerationEventInline]

    def has_delete_permission(self, request, obj=None):
        # Harvesters keep deleted records (OAI-PMH "persistent"): withdraw, never delete.
        return False


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    raw_id_fields = ("resource",)
    extra = 0


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "slug", "programme", "updated")
    raw_id_fields = ("curator", "programme")
    inlines = [CollectionItemInline]


@admin.register(Podcast)
class PodcastAdmin(admin.ModelAdmin):
    list_display = ("__str__", "slug", "language", "programme")
    raw_id_fields = ("owner", "programme")
