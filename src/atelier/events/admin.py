"""Events in Django's admin, for platform admins."""

from django.contrib import admin
from django.db import models

from .models import (
    ApplicationQuestion,
    CalendarFeed,
    Certificate,
    Event,
    EventResource,
    Invitation,
    Registration,
    Session,
)

URLS = {models.URLField: {"assume_scheme": "https"}}


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    formfield_overrides = URLS
    filter_horizontal = ("speakers", "speaker_organisations")


class QuestionInline(admin.TabularInline):
    model = ApplicationQuestion
    extra = 0
    formfield_overrides = URLS


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("__str__", "type", "format", "starts_at", "status", "registration_mode")
    list_filter = ("status", "type", "format", "registration_mode")
    search_fields = ("slug", "venue_city")
    raw_id_fields = ("programme", "created_by")
    filter_horizontal = ("organisers", "themes")
    inlines = [SessionInline, QuestionInline]
    formfield_overrides = URLS


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("user", "event", "status", "attendance_mode", "created")
    list_filter = ("status", "attendance_mode")
    raw_id_fields = ("user", "event", "invitation")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "event", "created", "accepted_at")
    raw_id_fields = ("user", "event", "invited_by")
    readonly_fields = ("token",)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "registration", "hours", "issued_at", "revoked_at")
    search_fields = ("code", "name")
    raw_id_fields = ("registration", "revoked_by")
    readonly_fields = ("code", "name", "hours", "language", "issued_at")


@admin.register(EventResource)
class EventResourceAdmin(admin.ModelAdmin):
    list_display = ("event", "resource")
    raw_id_fields = ("event", "resource", "added_by")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("user",)
    raw_id_fields = ("user",)
    exclude = ("token",)
