"""Labs in the admin: for support, read mostly; facilitators work in the lab pages."""

from django.contrib import admin

from .models import Lab, Note, Participant, Question, Table, Theme


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class TableInline(admin.TabularInline):
    model = Table
    extra = 0
    raw_id_fields = ["host"]


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["slug", "status", "format", "programme", "created"]
    list_filter = ["status", "format"]
    search_fields = ["slug"]
    raw_id_fields = ["facilitators", "programme", "event", "created_by"]
    readonly_fields = ["join_token", "current_round", "round_started_at", "round_paused_at"]
    inlines = [QuestionInline, TableInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["__str__", "lab", "joined_at"]
    raw_id_fields = ["lab", "user"]
    exclude = ["guest_token"]


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["text", "table", "round", "starred", "deleted", "version"]
    list_filter = ["starred", "deleted"]
    raw_id_fields = ["table", "round", "author", "merged_into"]
    readonly_fields = ["version"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "lab"]
    raw_id_fields = ["lab", "notes"]
