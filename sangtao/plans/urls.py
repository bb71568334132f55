from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/document/", views.plan_document, name="document"),
    path("<int:pk>/document/file/", views.plan_document_file, name="document_file"),
    path("<int:pk>/issue/", views.plan_issue, name="issue"),
    path("<int:pk>/close/", views.plan_close, name="close"),
    path("<int:pk>/clone/", views.plan_clone, name="clone"),
    path("<int:plan_pk>/tasks/new/", views.task_form, name="task_create"),
    path("<int:plan_pk>/tasks/<int:pk>/edit/", views.task_form, name="task_edit"),
    path("<int:plan_pk>/indicators/", views.indicator_list, name="indicators"),
    path("<int:plan_pk>/indicators/new/", views.indicator_form, name="indicator_create"),
    path("<int:plan_pk>/indicators/<int:pk>/edit/", views.indicator_form, name="indicator_edit"),
    path("<int:plan_pk>/periods/new/", views.period_form, name="period_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("periods/<int:pk>/", views.period_detail, name="period"),
    path("assignments/", views.my_assignments, name="my_assignments"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/progress/", views.assignment_progress, name="assignment_progress"),
    path("assignments/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("assignments/<int:pk>/activities/", views.activity_add, name="activity_add"),
    path("assignments/<int:pk>/submit/", views.assignment_submit, name="assignment_submit"),
    path("assignments/<int:pk>/approve/", views.assignment_approve, name="assignment_approve"),
    path("assignments/<int:pk>/return/", views.assignment_return, name="assignment_return"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("activities/<int:pk>/remove/", views.activity_remove, name="activity_remove"),
]
