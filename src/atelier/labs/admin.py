"""Labs in the admin: for support, read mostly; facilitators work in the lab pages."""

from django import forms
from django.contrib import admin

from atelier.core.multilingual import MultilingualText, MultilingualTextField

from .models import Lab, Note, Participant, Question, Table, Theme


class MultilingualJSONField(forms.JSONField):
    """The raw JSON of a multilingual text, editable in the admin."""

    def prepare_value(self, value):
        if isinstance(value, MultilingualText):
            value = value.to_json()
        return super().prepare_value(value)

    def has_changed(self, initial, data):
        if isinstance(initial, MultilingualText):
            initial = initial.to_json()
        return super().has_changed(initial, data)


MULTILINGUAL = {MultilingualTextField: {"form_class": MultilingualJSONField}}


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    formfield_overrides = MULTILINGUAL


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
    formfield_overrides = MULTILINGUAL


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
