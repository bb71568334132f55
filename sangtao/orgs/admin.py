from django import forms
from django.contrib import admin

from . import wards
from .models import OrgUnit, SchoolYear, UnitHistory, UnitYearStats


class UnitYearStatsInline(admin.TabularInline):
    model = UnitYearStats
    extra = 0
    autocomplete_fields = ["year"]


class UnitHistoryInline(admin.TabularInline):
    model = UnitHistory
    fk_name = "unit"
    extra = 0
    can_delete = False
    fields = ["at", "change", "old_parent", "new_parent", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class OrgUnitAdminForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = "__all__"  # noqa: DJ007 — the admin shows every field of the unit

    def clean(self):
        data = super().clean()
        # Same check as the unit form: the ward must exist and lie in the province; its name is filled.
        province, ward, name = wards.resolve(data.get("province_code"), data.get("ward_code"))
        data["province_code"], data["ward_code"] = province, ward
        self.instance.ward_name = name
        return data


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    form = OrgUnitAdminForm
    list_display = [
        "code",
        "name",
        "kind",
        "level",
        "ownership",
        "ward_name",
        "parent",
        "closed_on",
        "is_demo",
    ]
    list_filter = ["kind", "level", "ownership", "is_demo", ("closed_on", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name", "short_name", "name_folded"]
    list_select_related = ["parent"]
    # The parent changes only through the move page (orgs.services.unit_move), which rewrites the
    # paths of the whole subtree and records the history; the admin would leave them stale.
    readonly_fields = ["path", "ward_name", "created_at", "updated_at"]
    inlines = [UnitYearStatsInline, UnitHistoryInline]
    ordering = ["path"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "parent"] if obj is not None else fields


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["name", "start", "end", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["name"]


@admin.register(UnitYearStats)
class UnitYearStatsAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "students", "managers", "teachers", "staff"]
    list_filter = ["year", "unit__level"]
    search_fields = ["unit__code", "unit__name", "unit__name_folded"]
    list_select_related = ["unit", "year"]
    autocomplete_fields = ["unit", "year"]
