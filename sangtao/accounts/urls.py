from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("otp/", views.otp, name="otp"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("audit/", views.audit, name="audit"),
    path("users/<int:pk>/password-reset/", views.user_password_reset, name="user_password_reset"),
    path("users/", views.user_list, name="users"),
    path("users/export.xlsx", views.user_export, name="user_export"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/", views.user_role_add, name="user_role_add"),
    path("users/<int:pk>/roles/<int:role_pk>/remove/", views.user_role_remove, name="user_role_remove"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
]
