from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("export.xlsx", views.unit_export, name="export"),
    path("tree/", views.unit_tree, name="tree"),
    path("new/", views.unit_create, name="create"),
    path("wards/", views.ward_options, name="ward_options"),
    path("import/", views.schools_import, name="import"),
    path("import/template.xlsx", views.schools_template, name="import_template"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/edit/", views.unit_edit, name="edit"),
    path("<int:pk>/move/", views.unit_move, name="move"),
    path("<int:pk>/close/", views.unit_close, name="close"),
    path("<int:pk>/reopen/", views.unit_reopen, name="reopen"),
    path("<int:pk>/staff/", views.staff_list, name="staff"),
    path("<int:pk>/staff/export.xlsx", views.staff_export, name="staff_export"),
    path("<int:pk>/staff/import/", views.staff_import, name="staff_import"),
    path("<int:pk>/staff/template.xlsx", views.staff_template, name="staff_template"),
    path("<int:pk>/students/", views.student_list, name="students"),
    path("<int:pk>/students/export.xlsx", views.student_export, name="student_export"),
    path("<int:pk>/students/import/", views.student_import, name="student_import"),
    path("<int:pk>/students/template.xlsx", views.student_template, name="student_template"),
    path("students/<int:pk>/", views.student_detail, name="student_detail"),
    path("students/<int:pk>/data.<str:fmt>", views.student_data_export, name="student_data_export"),
    path("students/<int:pk>/erase/", views.student_erase, name="student_erase"),
]
