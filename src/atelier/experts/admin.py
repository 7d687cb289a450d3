"""The expert pool in Django's admin, for platform admins."""

from django.contrib import admin

from .models import (
    ConsultationOffer,
    ConsultationRequest,
    ExpertProfile,
    Mission,
    MissionOutput,
    SupportRequest,
)


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "availability", "has_ecoc_experience", "is_listed", "updated_at"]
    list_filter = ["is_listed", "availability", "has_ecoc_experience"]
    search_fields = ["user__display_name", "user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["has_ecoc_experience", "filter_keys", "created_at", "updated_at"]


class MissionOutputInline(admin.TabularInline):
    model = MissionOutput
    raw_id_fields = ["resource"]
    extra = 0


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation_name", "status", "programme", "created_at"]
    list_filter = ["status", "format", "programme"]
    search_fields = ["organisation_name", "requester__email"]
    raw_id_fields = ["requester"]


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "rating", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["support_request", "expert", "proposed_by"]
    inlines = [MissionOutputInline]


@admin.register(ConsultationOffer)
class ConsultationOfferAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "format", "is_active", "created_at"]
    list_filter = ["is_active", "format"]
    raw_id_fields = ["organisation", "offered_by"]


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["offer", "requester"]
