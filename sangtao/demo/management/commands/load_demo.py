"""`manage.py load_demo`: the demo data (Quận 12 in 2024 and the plan 454/KH-GDĐT), never in production."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sangtao.clubs.demo import load_clubs_demo
from sangtao.communication.demo import load_communication_demo
from sangtao.contests.demo import load_contests_demo
from sangtao.dashboards.demo import load_dashboards_demo
from sangtao.emulation.demo import load_emulation_demo
from sangtao.honours.demo import load_honours_demo
from sangtao.initiatives.demo import load_initiatives_demo
from sangtao.orgs.models import OrgUnit
from sangtao.outreach.demo import load_outreach_demo
from sangtao.plans.demo import load_demo
from sangtao.programmes.demo import load_programmes_demo
from sangtao.reports.demo import load_reports_demo
from sangtao.spaces.demo import load_spaces_demo
from sangtao.training.demo import load_training_demo


class Command(BaseCommand):
    help = _("Nạp dữ liệu mẫu: ngành Giáo dục và Đào tạo Quận 12 năm 2024 và Kế hoạch 454/KH-GDĐT.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Chỉ nạp khi cơ sở dữ liệu chưa có đơn vị nào (dùng khi khởi động lần đầu)."),
        )
        parser.add_argument(
            "--password",
            default=None,
            help=_("Mật khẩu của mọi tài khoản mẫu (mặc định: SANGTAO_DEMO_PASSWORD)."),
        )

    def handle(self, *args, if_empty=False, password=None, **options):
        if not settings.SANGTAO_DEMO:
            raise CommandError(
                _(
                    "Chế độ dữ liệu mẫu đang tắt (SANGTAO_DEMO=False), nên không nạp dữ liệu mẫu. "
                    "Cấu hình production không bao giờ tạo tài khoản mẫu."
                )
            )
        if if_empty and OrgUnit.objects.exists():
            self.stdout.write(_("Cơ sở dữ liệu đã có đơn vị: giữ nguyên, không nạp dữ liệu mẫu."))
            return
        password = password or settings.SANGTAO_DEMO_PASSWORD
        summary = load_demo(password=password)
        if summary is None:
            self.stdout.write(_("Dữ liệu mẫu đã có: không nạp lại."))
            return
        self.stdout.write(
            self.style.SUCCESS(_("Đã nạp dữ liệu mẫu trong %(s)s giây.") % {"s": summary["seconds"]})
        )
        schools = ", ".join(f"{level} {count}" for level, count in sorted(summary["schools"].items()))
        lines = [
            _("Đơn vị: %(n)d (trường và đơn vị trực thuộc: %(s)s)") % {"n": summary["units"], "s": schools},
            _("Tài khoản: %(n)d, cùng mật khẩu (xem: manage.py demo_accounts)") % {"n": summary["users"]},
            _("Kế hoạch 454/KH-GDĐT: %(s)d mục, %(t)d nhiệm vụ, %(i)d chỉ tiêu")
            % {"s": summary["sections"], "t": summary["tasks"], "i": summary["indicators"]},
            _("Phân công: %(a)s") % {"a": ", ".join(f"{k} {v}" for k, v in summary["assignments"].items())},
            _("Minh chứng: %(n)d (%(f)d tệp)") % {"n": summary["evidence"], "f": summary["files"]},
            _("Báo cáo kỳ: %(r)s")
            % {"r": ", ".join(f"{k} {v}" for k, v in summary["period_reports"].items())},
            _("Sự kiện trạng thái: %(e)d; thông báo: %(n)d")
            % {"e": summary["events"], "n": summary["notifications"]},
        ]
        # Each feature module adds its records on top of the plan (explicit calls, in dependency order).
        lines += load_clubs_demo(story_day=summary["story_day"])
        lines += load_training_demo(story_day=summary["story_day"])
        lines += load_initiatives_demo(story_day=summary["story_day"])
        lines += load_contests_demo(story_day=summary["story_day"])
        lines += load_communication_demo(story_day=summary["story_day"])
        lines += load_outreach_demo(story_day=summary["story_day"])
        lines += load_programmes_demo(story_day=summary["story_day"])
        lines += load_spaces_demo(story_day=summary["story_day"])
        lines += load_honours_demo(story_day=summary["story_day"])
        # Emulation last: its scores read every other app's indicators.
        lines += load_emulation_demo(story_day=summary["story_day"])
        # The dashboards' monthly trend, computed once every app's records are in.
        lines += load_dashboards_demo(story_day=summary["story_day"])
        # The reports last: they print every other app's figures.
        lines += load_reports_demo(story_day=summary["story_day"])
        for line in lines:
            self.stdout.write(f"  {line}")
