from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    """Yearly emulation scoring schemes per khối thi đua, computed from the indicators other apps declare (seed plan III)."""

    name = "sangtao.emulation"
    label = "emulation"
    verbose_name = _("Thi đua")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        # The computed table is rewritten by every recomputation; its steps are in the status events.
        # What people set by hand (the scheme, its criteria) is audited.
        auditlog.register(models.Scheme)
        auditlog.register(models.Criterion)
