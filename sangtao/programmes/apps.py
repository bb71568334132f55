from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """Model school programmes (green school, advanced integrated school): criteria sets, self-assessment, review, recognition; meter readings (seed plan III)."""

    name = "sangtao.programmes"
    label = "programmes"
    verbose_name = _("Mô hình trường học: bộ tiêu chí, tự đánh giá, công nhận, chỉ số điện nước")
