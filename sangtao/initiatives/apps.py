from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "sangtao.initiatives"
    label = "initiatives"
    verbose_name = _("Sáng kiến")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Campaign,
            models.Council,
            models.CouncilMember,
            models.Initiative,
            models.InitiativeAuthor,
            models.InitiativeAttachment,
            models.Review,
            models.Score,
            models.ApplicationRecord,
            models.Decision,
        ):
            auditlog.register(model)
