from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sangtao.core.jobs import daily_jobs, frequent_jobs, schedule_daily, schedule_soon


class Command(BaseCommand):
    help = "Đặt lịch các việc chạy hằng ngày (nhắc hạn, nhắc xác nhận văn bản) cho bộ xử lý nền."

    def handle(self, *args, **options):
        scheduled = [(job, schedule_daily(job)) for job in daily_jobs()]
        scheduled += [(job, schedule_soon(job, minutes=0)) for job in frequent_jobs()]
        for job, done in scheduled:
            if done:
                self.stdout.write(_("Đã đặt lịch: %(job)s") % {"job": job.name})
            else:
                self.stdout.write(
                    _("Đã có sẵn (hoặc bộ xử lý nền không hỗ trợ hẹn giờ): %(job)s") % {"job": job.name}
                )
