from django.contrib import admin

from . import models


class CouncilMemberInline(admin.TabularInline):
    model = models.CouncilMember
    extra = 0
    raw_id_fields = ["user"]


class AuthorInline(admin.TabularInline):
    model = models.InitiativeAuthor
    extra = 0
    raw_id_fields = ["user", "staff", "unit"]


@admin.register(models.Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "school_year", "unit", "opens_on", "closes_on", "status"]
    list_filter = ["status", "school_year"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "tasks"]


@admin.register(models.Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "level", "unit"]
    list_filter = ["level"]
    inlines = [CouncilMemberInline]
    raw_id_fields = ["unit"]


@admin.register(models.Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "field", "status", "submitted_at"]
    list_filter = ["status", "field", "campaign"]
    search_fields = ["title"]
    inlines = [AuthorInline]
    raw_id_fields = ["unit", "campaign"]


@admin.register(models.Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "signed_on", "campaign", "level", "unit"]
    raw_id_fields = ["unit", "initiatives"]
