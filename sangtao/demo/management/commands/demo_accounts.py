"""`manage.py demo_accounts`: the demo accounts and their password, as `make run` prints them."""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sangtao.accounts.models import User
from sangtao.orgs import demo_data


class Command(BaseCommand):
    help = _("In danh sách tài khoản mẫu (tên đăng nhập, vai trò, đơn vị, mật khẩu).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            dest="show_all",
            action="store_true",
            help=_("Liệt kê cả tài khoản hiệu trưởng (ht-…) và cán bộ phụ trách (pt-…) mọi trường."),
        )

    def handle(self, *args, show_all=False, **options):
        if not settings.SANGTAO_DEMO:
            raise CommandError(_("Chế độ dữ liệu mẫu đang tắt (SANGTAO_DEMO=False): không có tài khoản mẫu."))
        users = {
            u.username: u
            for u in User.objects.filter(is_demo=True)
            .select_related("unit")
            .prefetch_related("role_assignments__unit")
        }
        if not users:
            self.stdout.write(_("Chưa có tài khoản mẫu. Hãy chạy: manage.py load_demo"))
            return
        password = settings.SANGTAO_DEMO_PASSWORD
        # Every account got the same hash when it was made: one check tells which still have the password.
        sample = users.get("demo-leader") or next(iter(users.values()))
        known_hash = sample.password if check_password(password, sample.password) else None
        named = [spec.username for spec in demo_data.DEMO_USERS]
        schools = sorted(name for name in users if name not in named)
        shown = [name for name in named if name in users] + (schools if show_all else [])
        rows = [(_("Tên đăng nhập"), _("Vai trò"), _("Đơn vị"), _("Mật khẩu"))]
        for name in shown:
            user = users[name]
            ra = next(iter(user.role_assignments.all()), None)
            role = ra.get_role_display() if ra else ""
            unit = (ra.unit if ra else user.unit).display_short if (ra or user.unit) else ""
            if ra and ra.team_id:
                unit = f"{unit} / {user.unit.display_short}"
            rows.append((name, str(role), unit, password if user.password == known_hash else _("(đã đổi)")))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write(_("Tài khoản mẫu:"))
        for row in rows:
            self.stdout.write(
                "  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3]
            )
        if "demo-admin" in users:
            self.stdout.write(_("  demo-admin thiết lập mã xác thực hai lớp (TOTP) ở lần đăng nhập đầu."))
        if schools and not show_all:
            self.stdout.write(
                _(
                    "  Và %(n)d tài khoản của các trường: ht-<mã trường> (hiệu trưởng), pt-<mã trường> (cán bộ phụ "
                    "trách), ví dụ %(e)s; cùng mật khẩu. Xem hết: manage.py demo_accounts --all"
                )
                % {
                    "n": len(schools),
                    "e": ", ".join([n for n in schools if n.endswith("-thcs-pbc")] or schools[:2]),
                }
            )
