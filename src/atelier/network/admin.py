from django.contrib import admin

from .models import Organisation, Sector


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "acronym", "kind", "country", "city"]
    list_filter = ["kind", "country"]
    search_fields = ["normalised_name", "acronym", "city"]
    filter_horizontal = ["sectors"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["slug", "position"]
