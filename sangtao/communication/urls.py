from django.urls import path

from . import feeds, views

app_name = "communication"
urlpatterns = [
    path("", views.news_home, name="home"),
    path("c/<slug:category>/", views.news_category, name="category"),
    path("u/<int:unit_pk>/", views.news_unit, name="unit"),
    path("rss/", feeds.ArticleRss(), name="rss"),
    path("atom/", feeds.ArticleAtom(), name="atom"),
    path("rss/<slug:category>/", feeds.ArticleRss(), name="rss_category"),
    path("atom/<slug:category>/", feeds.ArticleAtom(), name="atom_category"),
    path("images/<int:pk>/", views.image, name="image"),
    path("images/upload/", views.image_upload, name="image_upload"),
    path("desk/", views.desk, name="desk"),
    path("desk/queue/", views.queue, name="queue"),
    path("desk/new/", views.article_new, name="new"),
    path("desk/<int:pk>/", views.article_detail, name="detail"),
    path("desk/<int:pk>/edit/", views.article_edit, name="edit"),
    path("desk/<int:pk>/<slug:action>/", views.article_action, name="action"),
    path("<slug:slug>/", views.news_article, name="article"),
]
