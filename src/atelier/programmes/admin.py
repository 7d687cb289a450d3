from django.contrib import admin

from .models import ImportRun, Invitation, Membership, Partner, Programme


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = [
        "__str__", "acronym", "funding_programme", "start_date", "end_date", "source", "state",
    ]  # fmt: skip
    list_filter = ["funding_programme", "source", "state"]
    raw_id_fields = ["ended_by"]
    search_fields = ["slug", "acronym", "identifier"]
    inlines = [PartnerInline]
    filter_horizontal = ["themes"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["programme", "user", "state", "created"]
    list_filter = ["state"]
    raw_id_fields = ["programme", "user"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["original_name", "state", "created_by", "created", "finished"]
    readonly_fields = ["preview", "summary"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "programme", "role", "state", "created"]
    list_filter = ["state", "role"]
    raw_id_fields = ["programme", "invited_by", "accepted_by"]
