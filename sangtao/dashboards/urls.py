from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("dashboard/office/<int:plan_pk>/", views.office, name="office"),
    path("dashboard/office/<int:plan_pk>/level/<str:level>/", views.level, name="level"),
    path("dashboard/office/<int:plan_pk>/reporting/", views.reporting, name="reporting"),
    path("dashboard/office/<int:plan_pk>/reporting/export/", views.reporting_export, name="reporting_export"),
    path(
        "dashboard/office/<int:plan_pk>/snapshots/refresh/", views.snapshots_refresh, name="snapshots_refresh"
    ),
    path("dashboard/school/<int:unit_pk>/", views.school, name="school"),
    path("dashboard/partner/", views.partner, name="partner"),
]
