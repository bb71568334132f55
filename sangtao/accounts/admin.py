from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Notification, RoleAssignment, Staff, Student, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ["unit", "team"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "full_name", "unit", "email", "is_active", "must_change_password", "is_demo"]
    list_filter = ["is_active", "is_staff", "is_superuser", "must_change_password", "is_demo"]
    list_select_related = ["unit"]
    search_fields = ["username", "full_name", "email"]
    raw_id_fields = ["unit"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Thông tin cá nhân"), {"fields": ["full_name", "email", "phone", "unit"]}),
        (
            _("Quyền"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "must_change_password",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Thời gian"), {"fields": ["last_login", "date_joined"]}),
        (_("Khác"), {"fields": ["is_demo"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "full_name", "unit", "password1", "password2"]}),
    ]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["full_name", "unit", "group", "subject", "position", "left_on"]
    list_filter = ["group"]
    list_select_related = ["unit"]
    search_fields = ["full_name", "name_folded", "code", "email"]
    raw_id_fields = ["unit", "user"]


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ["full_name", "unit", "grade", "class_name"]
    list_filter = ["grade"]
    list_select_related = ["unit"]
    search_fields = ["full_name", "name_folded", "class_name"]
    raw_id_fields = ["unit"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    list_filter = ["read_at"]
    list_select_related = ["user"]
    search_fields = ["title", "user__username", "user__full_name", "dedupe_key"]
    raw_id_fields = ["user"]
    date_hierarchy = "created_at"
