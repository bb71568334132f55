from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Owns the demo commands: it sits above every app, so it may call each app's demo builder."""

    name = "sangtao.demo"
    label = "demo"
    verbose_name = _("Dữ liệu mẫu")
