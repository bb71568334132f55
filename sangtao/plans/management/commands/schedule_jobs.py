from django.core.management.base import BaseCommand

from sangtao.plans.tasks import schedule_deadline_reminders


class Command(BaseCommand):
    help = "Đặt lịch các việc chạy định kỳ (nhắc hạn hằng ngày) cho bộ xử lý nền."

    def handle(self, *args, **options):
        if schedule_deadline_reminders():
            self.stdout.write("Đã đặt lịch nhắc hạn hằng ngày.")
        else:
            self.stdout.write("Lịch nhắc hạn đã có sẵn (hoặc bộ xử lý nền không hỗ trợ hẹn giờ).")
