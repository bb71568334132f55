"""`manage.py backfill_snapshots`: store the monthly indicator values behind the dashboards' trend lines."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sangtao.dashboards.selectors import month_label
from sangtao.dashboards.services import snapshots_backfill
from sangtao.plans.models import Plan, PlanStatus


def _month(text: str) -> datetime.date:
    """ "2023-09" or "09/2023" → 01/09/2023."""
    for fmt in ("%Y-%m", "%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CommandError(_("Tháng “%(m)s” không hợp lệ: hãy viết 2023-09 hoặc 09/2023.") % {"m": text})


class Command(BaseCommand):
    help = _(
        "Tính và lưu số liệu chỉ tiêu theo tháng (mỗi tháng tính đến ngày cuối tháng) cho các tháng chưa có; "
        "mặc định mọi kế hoạch đã ban hành, từ tháng 9 của năm học đến nay."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, action="append", help=_("Mã (id) kế hoạch; có thể lặp lại."))
        parser.add_argument("--from", dest="start", type=_month, help=_("Tháng đầu, ví dụ 2023-09."))
        parser.add_argument("--to", dest="end", type=_month, help=_("Tháng cuối, ví dụ 2024-03."))
        parser.add_argument("--force", action="store_true", help=_("Tính lại cả những tháng đã có."))

    def handle(self, *args, plan=None, start=None, end=None, force=False, **options):
        plans = Plan.objects.filter(pk__in=plan) if plan else Plan.objects.filter(status=PlanStatus.ISSUED)
        plans = list(plans.order_by("pk"))
        if plan and len(plans) != len(set(plan)):
            raise CommandError(
                _("Không tìm thấy kế hoạch: %(ids)s.")
                % {"ids": ", ".join(str(i) for i in sorted(set(plan) - {p.pk for p in plans}))}
            )
        if end is not None:
            end = (end + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        for p in plans:
            months = snapshots_backfill(plan=p, start=start, end=end, force=force)
            written = ", ".join(month_label(m) for m in months) or _("không có tháng nào cần tính")
            self.stdout.write(f"{p.number}: {written}")
