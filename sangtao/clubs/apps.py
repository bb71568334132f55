from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubsConfig(AppConfig):
    name = "sangtao.clubs"
    label = "clubs"
    verbose_name = _("Câu lạc bộ")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Club, exclude_fields=["name_folded"], m2m_fields={"advisers"})
        for model in (models.ClubMember, models.ClubActivity, models.ClubActivityFile, models.ActivityRule):
            auditlog.register(model)
