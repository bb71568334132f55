from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    """Creative spaces and S&T application models that schools record (seed plan II.3)."""

    name = "sangtao.spaces"
    label = "spaces"
    verbose_name = _("Không gian sáng tạo và mô hình ứng dụng KH&CN")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (models.Space, models.SpacePhoto, models.TechModel):
            auditlog.register(model)
