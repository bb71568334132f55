from django.urls import path

from . import views

app_name = "spaces"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.space_create, name="space_create"),
    path("<int:pk>/", views.space_detail, name="space"),
    path("<int:pk>/edit/", views.space_edit, name="space_edit"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("photos/<int:pk>/remove/", views.photo_remove, name="photo_remove"),
    path("models/", views.model_list, name="models"),
    path("models/new/", views.model_create, name="model_create"),
    path("models/<int:pk>/", views.model_detail, name="model"),
    path("models/<int:pk>/edit/", views.model_edit, name="model_edit"),
    path("models/<int:pk>/evidence/", views.model_evidence, name="model_evidence"),
    path("<what>/<int:pk>/review/", views.review, name="review"),
    path("<what>/<int:pk>/feature/", views.feature, name="feature"),
    path("<what>/<int:pk>/attach/", views.attach, name="attach"),
    # Public (no login): featured spaces and models, and the photos of featured spaces.
    path("featured/", views.featured, name="featured"),
    path("featured/photos/<int:pk>/", views.public_photo, name="public_photo"),
]
