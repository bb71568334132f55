from django.urls import path

from . import views

app_name = "clubs"
urlpatterns = [
    path("", views.club_list, name="list"),
    path("new/", views.club_create, name="create"),
    path("schools/", views.schools, name="schools"),
    path("rule/", views.rule, name="rule"),
    path("<int:pk>/", views.club_detail, name="detail"),
    path("<int:pk>/edit/", views.club_edit, name="edit"),
    path("<int:pk>/status/", views.club_status, name="status"),
    path("<int:pk>/decision/", views.decision_download, name="decision"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("<int:pk>/attach/<int:assignment_pk>/", views.club_attach, name="attach"),
    path("members/<int:pk>/leave/", views.member_leave, name="member_leave"),
    path("activities/<int:pk>/remove/", views.activity_remove, name="activity_remove"),
    path("files/<int:pk>/", views.file_download, name="file"),
]
