from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sangtao.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.User, exclude_fields=["password", "last_login", "name_folded"])
        auditlog.register(models.RoleAssignment)
        auditlog.register(models.Staff)
        auditlog.register(models.Student)
