from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sangtao.core.jobs import daily_jobs, schedule_daily


class Command(BaseCommand):
    help = "Đặt lịch các việc chạy hằng ngày (nhắc hạn, nhắc xác nhận văn bản) cho bộ xử lý nền."

    def handle(self, *args, **options):
        for job in daily_jobs():
            if schedule_daily(job):
                self.stdout.write(_("Đã đặt lịch: %(job)s") % {"job": job.name})
            else:
                self.stdout.write(
                    _("Đã có sẵn (hoặc bộ xử lý nền không hỗ trợ hẹn giờ): %(job)s") % {"job": job.name}
                )
