from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """Documents and handbooks sent to units, banner campaigns and events (seed plan II.2)."""

    name = "sangtao.outreach"
    label = "outreach"
    verbose_name = _("Văn bản, băng rôn, sự kiện")
