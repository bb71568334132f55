from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sangtao.plans.tasks import schedule_deadline_reminders


class Command(BaseCommand):
    help = gettext_lazy("Đặt lịch các việc chạy định kỳ (nhắc hạn hằng ngày) cho bộ xử lý nền.")

    def handle(self, *args, **options):
        if schedule_deadline_reminders():
            self.stdout.write(_("Đã đặt lịch nhắc hạn hằng ngày."))
        else:
            self.stdout.write(_("Lịch nhắc hạn đã có sẵn (hoặc bộ xử lý nền không hỗ trợ hẹn giờ)."))
