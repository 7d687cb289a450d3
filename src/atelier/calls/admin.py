"""Calls in Django's admin, for platform admins."""

from django.contrib import admin

from .models import Application, Call, ConflictOfInterest, Criterion, Question, ReviewAssignment


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("slug", "type", "programme", "status", "opens_at", "closes_at")
    list_filter = ("type", "status")
    search_fields = ("slug",)
    raw_id_fields = ("programme", "event", "created_by")
    inlines = [QuestionInline, CriterionInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("call", "applicant", "status", "submitted_at", "decided_at")
    list_filter = ("status",)
    raw_id_fields = ("call", "applicant")


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = ("application", "reviewer", "conflict_declared", "submitted_at")
    raw_id_fields = ("application", "reviewer")


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin):
    list_display = ("reviewer", "applicant", "organisation", "application", "created")
    raw_id_fields = ("reviewer", "applicant", "application")
