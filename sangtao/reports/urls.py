from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/preview/", views.report_preview, name="preview"),
    path("<int:pk>/progress/", views.report_progress, name="progress"),
    path("<int:pk>/generate/", views.report_generate, name="generate"),
    path("<int:pk>/finalise/", views.report_finalise, name="finalise"),
    path("versions/<int:pk>/<str:kind>/", views.version_download, name="download"),
]
