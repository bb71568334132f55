from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    """Commendations, proposals from schools and the public honour roll (seed plan I, II.3)."""

    name = "sangtao.honours"
    label = "honours"
    verbose_name = _("Khen thưởng, tôn vinh")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (models.Commendation, models.Proposal, models.ProposalItem):
            auditlog.register(model)
