"""Action plans in the Django admin, for platform admins."""

from django.contrib import admin

from .models import Action, Goal, Indicator, IndicatorMeasurement, Plan, ProgressUpdate


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["position", "title"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["slug", "status", "visibility", "programme", "updated_at"]
    list_filter = ["status", "visibility", "programme"]
    search_fields = ["slug"]
    raw_id_fields = ["programme", "organisation"]
    filter_horizontal = ["managers"]
    inlines = [GoalInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["pk", "goal", "status", "progress", "due_on"]
    list_filter = ["status"]
    raw_id_fields = ["goal", "owners", "partners"]


class MeasurementInline(admin.TabularInline):
    model = IndicatorMeasurement
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["pk", "plan", "unit", "baseline", "current_value", "target", "measured_on"]
    raw_id_fields = ["plan", "goal"]
    inlines = [MeasurementInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["action", "date", "progress", "status", "author"]
    list_filter = ["status"]
    raw_id_fields = ["action", "author"]
