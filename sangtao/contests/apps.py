from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "sangtao.contests"
    label = "contests"
    verbose_name = _("Hội thi sáng tạo")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Contest,
            models.Category,
            models.Round,
            models.Criterion,
            models.AwardQuota,
            models.Entry,
            models.EntryMember,
            models.EntryMentor,
            models.Judge,
            models.JudgeAssignment,
            models.Score,
            models.Award,
            models.AwardCertificate,
            models.StudentConsent,
        ):
            auditlog.register(model)
