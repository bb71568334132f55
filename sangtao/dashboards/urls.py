from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("dashboard/office/<int:plan_pk>/", views.office, name="office"),
    path("dashboard/school/<int:unit_pk>/", views.school, name="school"),
    path("dashboard/partner/", views.partner, name="partner"),
]
