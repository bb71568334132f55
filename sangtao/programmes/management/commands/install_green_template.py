"""Install the shipped green-school criteria set (sangtao/programmes/green.py) once."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sangtao.programmes.services import green_template_install


class Command(BaseCommand):
    help = "Cài bộ tiêu chí mẫu Trường học xanh (một lần)."

    def handle(self, *args, **options):
        criteria_set = green_template_install()
        self.stdout.write(_("Bộ tiêu chí mẫu: %(s)s") % {"s": criteria_set})
