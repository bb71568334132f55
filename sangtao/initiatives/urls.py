from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.initiative_create, name="create"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/edit/", views.initiative_edit, name="edit"),
    path("<int:pk>/submit/", views.initiative_submit, name="submit"),
    path("<int:pk>/withdraw/", views.initiative_withdraw, name="withdraw"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/review/", views.review_start, name="review_start"),
    path("<int:pk>/forward/", views.initiative_forward, name="forward"),
    path("attachments/<int:pk>/download/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/open/", views.campaign_open, name="campaign_open"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/councils/new/", views.council_create, name="council_create"),
    path("campaigns/<int:pk>/decisions/new/", views.decision_create, name="decision_create"),
    path("councils/<int:pk>/", views.council_detail, name="council"),
    path("members/<int:pk>/remove/", views.council_member_remove, name="member_remove"),
    path("queue/", views.queue, name="queue"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/score/", views.score_submit, name="score"),
    path("reviews/<int:pk>/close/", views.review_close, name="review_close"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/docx/", views.decision_docx_view, name="decision_docx"),
    path("decisions/<int:pk>/xlsx/", views.decision_xlsx, name="decision_xlsx"),
    path("library/", views.library_list, name="library"),
    path("library/<int:pk>/", views.library_detail, name="library_detail"),
]
