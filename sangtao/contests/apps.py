from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "sangtao.contests"
    label = "contests"
    verbose_name = _("Hội thi sáng tạo")
