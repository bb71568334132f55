from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """Documents and handbooks sent to units, banner campaigns and events (seed plan II.2)."""

    name = "sangtao.outreach"
    label = "outreach"
    verbose_name = _("Văn bản, băng rôn, sự kiện")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Document, exclude_fields=["summary_folded"], m2m_fields={"tasks"})
        auditlog.register(models.Event, m2m_fields={"tasks"})
        auditlog.register(models.BannerCampaign, m2m_fields={"units", "tasks"})
        for model in (models.Distribution, models.Acknowledgement, models.EventResponse, models.BannerReport):
            auditlog.register(model)
        # The token is a credential: the log records that an address was issued, never the address.
        auditlog.register(models.CalendarToken, exclude_fields=["token"])
