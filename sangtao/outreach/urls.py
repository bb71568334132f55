from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("", views.library, name="library"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/withdraw/", views.document_withdraw, name="document_withdraw"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("documents/<int:pk>/send/", views.distribution_send, name="distribution_send"),
    path("distributions/<int:pk>/", views.distribution_detail, name="distribution"),
    path("inbox/", views.inbox, name="inbox"),
    path("acknowledgements/<int:pk>/", views.acknowledge, name="acknowledge"),
    path("acknowledgements/<int:pk>/evidence/", views.ack_evidence, name="ack_evidence"),
    path("acknowledgements/<int:pk>/attach/", views.ack_attach, name="ack_attach"),
]
urlpatterns += [
    path("events/", views.event_calendar, name="calendar"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("responses/<int:pk>/evidence/", views.response_evidence, name="response_evidence"),
    path("responses/<int:pk>/attach/", views.response_attach, name="response_attach"),
    path("calendar.ics", views.calendar_feed, name="calendar_feed"),
    path("calendar/<int:unit_pk>.ics", views.unit_calendar_feed, name="unit_calendar_feed"),
    path("calendar/<int:unit_pk>/subscribe/", views.calendar_subscribe, name="calendar_subscribe"),
    path("calendar/<int:unit_pk>/unsubscribe/", views.calendar_unsubscribe, name="calendar_unsubscribe"),
    # The token is the credential of a phone calendar (secrets.token_urlsafe: letters, digits, - and _).
    path("calendar/feed/<slug:token>.ics", views.token_calendar_feed, name="token_calendar_feed"),
]
urlpatterns += [
    path("banners/", views.banner_list, name="banners"),
    path("banners/new/", views.banner_create, name="banner_create"),
    path("banners/<int:pk>/", views.banner_detail, name="banner"),
    path("banners/<int:pk>/edit/", views.banner_edit, name="banner_edit"),
    path("banners/<int:pk>/cancel/", views.banner_cancel, name="banner_cancel"),
    path("banners/<int:pk>/delete/", views.banner_delete, name="banner_delete"),
    path("banner-reports/<int:pk>/photo/", views.banner_photo, name="banner_photo"),
    path("banner-reports/<int:pk>/attach/", views.banner_report_attach, name="banner_report_attach"),
]
