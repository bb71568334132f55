from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScaleConfig(AppConfig):
    """Generated data sets at ward, district and city scale (issue 8): the command and its machinery.

    It sits above every app, like the demo: each app contributes its own `scale.py` generator.
    """

    name = "sangtao.scale"
    label = "scale"
    verbose_name = _("Dữ liệu quy mô lớn")
