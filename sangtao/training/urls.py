from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.course_list, name="list"),
    path("new/", views.course_create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("coverage/", views.coverage, name="coverage"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("staff/<int:pk>/", views.staff_history, name="staff_history"),
    path("<int:pk>/", views.course_detail, name="course"),
    path("<int:pk>/edit/", views.course_edit, name="edit"),
    path("<int:pk>/open/", views.course_open, name="open"),
    path("<int:pk>/close/", views.course_close, name="close"),
    path("<int:pk>/cancel/", views.course_cancel, name="cancel"),
    path("<int:pk>/sessions/", views.session_add, name="session_add"),
    path("<int:pk>/materials/", views.material_add, name="material_add"),
    path("<int:pk>/quotas/", views.quotas, name="quotas"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/nominations.xlsx", views.nominations_export, name="nominations_export"),
    path("<int:pk>/attendance/import/", views.attendance_import, name="attendance_import"),
    path("<int:pk>/attendance/template/", views.attendance_template, name="attendance_template"),
    path("<int:pk>/completions/", views.completions, name="completions"),
    path("<int:pk>/evidence/", views.course_evidence, name="evidence"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/remove/", views.session_remove, name="session_remove"),
    path("materials/<int:pk>/", views.material_download, name="material"),
    path("materials/<int:pk>/remove/", views.material_remove, name="material_remove"),
    path("nominations/<int:pk>/approve/", views.nomination_approve, name="approve"),
    path("nominations/<int:pk>/decline/", views.nomination_decline, name="decline"),
    path("nominations/<int:pk>/withdraw/", views.nomination_withdraw, name="withdraw"),
    path("certificates/<int:pk>/pdf/", views.certificate_download, name="certificate"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="revoke"),
]
