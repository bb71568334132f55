from django.urls import path

from . import views

app_name = "honours"
urlpatterns = [
    path("", views.index, name="index"),
    path("commendations/new/", views.commendation_create, name="commendation_create"),
    path("commendations/import/", views.commendations_import, name="import"),
    path("commendations/export.xlsx", views.export, name="export"),
    path("commendations/<int:pk>/", views.commendation_detail, name="commendation"),
    path("commendations/<int:pk>/revoke/", views.commendation_revoke, name="revoke"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/items/", views.proposal_item_add, name="item_add"),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="submit"),
    path("proposals/<int:pk>/approve/", views.proposal_approve, name="approve"),
    path("proposals/<int:pk>/return/", views.proposal_return, name="return"),
    path("items/<int:pk>/remove/", views.proposal_item_remove, name="item_remove"),
    # Public (no login): the honour roll (tôn vinh) by school year.
    path("roll/", views.roll_index, name="roll_index"),
    path("roll/<int:year>/", views.roll, name="roll"),
]
