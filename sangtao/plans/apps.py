from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "sangtao.plans"
    label = "plans"
    verbose_name = _("Kế hoạch")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (models.Plan, models.PlanBasis, models.PlanRecipient, models.Task, models.Indicator,
                      models.IndicatorValue, models.Assignment, models.Evidence, models.SchoolActivity,
                      models.ReportingPeriod, models.PeriodReport):
            auditlog.register(model)
        # A draft's correction rewrites its whole proposal: the log keeps who changed its status, not the JSON.
        auditlog.register(models.PlanImport, exclude_fields=["proposal", "paragraphs", "text", "version"])
