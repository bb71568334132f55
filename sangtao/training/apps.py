from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "sangtao.training"
    label = "training"
    verbose_name = _("Bồi dưỡng, tập huấn")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Course,
            models.CourseMaterial,
            models.Session,
            models.Quota,
            models.Nomination,
            models.Attendance,
            models.Completion,
            models.Certificate,
        ):
            auditlog.register(model)
