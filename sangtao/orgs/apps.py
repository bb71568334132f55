from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "sangtao.orgs"
    label = "orgs"
    verbose_name = _("Tổ chức")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.OrgUnit)
        auditlog.register(models.UnitYearStats)
        auditlog.register(models.SchoolYear)
