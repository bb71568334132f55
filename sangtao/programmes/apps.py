from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """Model school programmes (green school, advanced integrated school): criteria sets, self-assessment, review, recognition; meter readings (seed plan III)."""

    name = "sangtao.programmes"
    label = "programmes"
    verbose_name = _("Mô hình trường học: bộ tiêu chí, tự đánh giá, công nhận, chỉ số điện nước")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Programme, exclude_fields=["name_folded"])
        for model in (
            models.CriteriaSet,
            models.CriterionGroup,
            models.Criterion,
            models.RecognitionLevel,
            models.Enrolment,
            models.Assessment,
            models.Answer,
            models.AnswerEvidence,
            models.MeterReading,
            models.SolarInstallation,
        ):
            auditlog.register(model)
