from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("", views.library, name="library"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("documents/<int:pk>/send/", views.distribution_send, name="distribution_send"),
    path("distributions/<int:pk>/", views.distribution_detail, name="distribution"),
    path("inbox/", views.inbox, name="inbox"),
    path("acknowledgements/<int:pk>/", views.acknowledge, name="acknowledge"),
    path("acknowledgements/<int:pk>/evidence/", views.ack_evidence, name="ack_evidence"),
]
urlpatterns += [
    path("events/", views.event_calendar, name="calendar"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("responses/<int:pk>/evidence/", views.response_evidence, name="response_evidence"),
    path("calendar.ics", views.calendar_feed, name="calendar_feed"),
    path("calendar/<int:unit_pk>.ics", views.unit_calendar_feed, name="unit_calendar_feed"),
]
urlpatterns += [
    path("banners/", views.banner_list, name="banners"),
    path("banners/new/", views.banner_create, name="banner_create"),
    path("banners/<int:pk>/", views.banner_detail, name="banner"),
    path("banner-reports/<int:pk>/photo/", views.banner_photo, name="banner_photo"),
]
