from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.programme_create, name="create"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/enrol/", views.programme_enrol, name="enrol"),
    path("<int:pk>/register/", views.programme_request, name="request"),
    path("<int:pk>/<slug:action>/", views.programme_action, name="action"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment"),
    path("enrolments/<int:pk>/<slug:action>/", views.enrolment_action, name="enrolment_action"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/answers/<int:answer_pk>/", views.answer_save, name="answer_save"),
    path("assessments/<int:pk>/answers/<int:answer_pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("assessments/<int:pk>/review/", views.assessment_review, name="review"),
    path("assessments/<int:pk>/<slug:action>/", views.assessment_action, name="assessment_action"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("criteria/", views.criteria_list, name="criteria_list"),
    path("criteria/<int:pk>/", views.criteria_detail, name="criteria"),
    path("criteria/<int:pk>/copy/", views.criteria_copy, name="criteria_copy"),
    path("criteria/<int:pk>/edit/<slug:what>/", views.criteria_edit, name="criteria_edit"),
    path("criteria/<slug:kind>/<int:pk>/delete/", views.criteria_delete, name="criteria_delete"),
    path("criterion/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("readings/", views.readings, name="readings"),
    path("readings/new/", views.reading_new, name="reading_new"),
    path("readings/import/", views.readings_import, name="readings_import"),
    path("readings/template.xlsx", views.readings_template, name="readings_template"),
    path("readings/export.xlsx", views.readings_export, name="readings_export"),
    path("readings/flagged/", views.readings_flagged, name="readings_flagged"),
    path("readings/<int:pk>/check/", views.reading_check, name="reading_check"),
    path("readings/school/<int:unit_pk>/", views.readings_school, name="readings_school"),
    path("readings/school/<int:unit_pk>/solar/", views.solar_add, name="solar_add"),
]
