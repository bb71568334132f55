from django.contrib import admin

from . import models


class PlanBasisInline(admin.TabularInline):
    model = models.PlanBasis
    extra = 0


class PlanRecipientInline(admin.TabularInline):
    model = models.PlanRecipient
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(models.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "year", "status", "issuing_unit"]
    list_filter = ["status", "year"]
    search_fields = ["number", "title"]
    inlines = [PlanBasisInline, PlanRecipientInline]
    autocomplete_fields = ["issuing_unit"]


@admin.register(models.Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "kind", "lead_unit", "end"]
    list_filter = ["plan", "kind"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["lead_unit", "partner_units", "implementing_units"]


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "plan", "target", "source", "source_key"]
    list_filter = ["plan", "source"]


@admin.register(models.Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["task", "unit", "status", "progress", "due"]
    list_filter = ["status", "task__plan"]
    search_fields = ["unit__name", "task__title"]
    raw_id_fields = ["task", "unit"]


admin.site.register(models.ReportingPeriod)
admin.site.register(models.PeriodReport)
