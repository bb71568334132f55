from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    """Yearly emulation scoring schemes per khối thi đua, computed from the indicators other apps declare (seed plan III)."""

    name = "sangtao.emulation"
    label = "emulation"
    verbose_name = _("Thi đua")
