from django.urls import path

from . import views

app_name = "emulation"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.scheme_create, name="create"),
    path("copy/", views.scheme_copy, name="copy"),
    path("<int:pk>/", views.scheme_detail, name="detail"),
    path("<int:pk>/edit/", views.scheme_edit, name="edit"),
    path("<int:pk>/criteria/", views.scheme_criteria, name="criteria"),
    path("<int:pk>/export.xlsx", views.scheme_export, name="export"),
    path("<int:pk>/unlock/", views.scheme_unlock, name="unlock"),
    path("<int:pk>/<slug:action>/", views.scheme_action, name="action"),
    path("criteria/<int:pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/delete/", views.criterion_delete, name="criterion_delete"),
    path("criteria/<int:pk>/scores/", views.manual_scores, name="manual_scores"),
    path("scores/<int:pk>/", views.score_detail, name="score"),
]
