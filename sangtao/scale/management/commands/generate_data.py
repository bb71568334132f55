"""`manage.py generate_data --scale ward|district|city`: a generated data set for benchmarks (issue 8 §1)."""

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from sangtao.orgs.models import OrgUnit
from sangtao.scale.generator import SCALES, generate


class Command(BaseCommand):
    help = _(
        "Sinh một bộ dữ liệu giả lập ở quy mô phường, quận hoặc thành phố (3.500 trường, 2,5 triệu học sinh) "
        "để đo hiệu năng. Chỉ dùng với một cơ sở dữ liệu trống, không bao giờ ở môi trường thật."
    )

    # Checked once the target database is in place: some checks read the database.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="ward", help=_("Quy mô dữ liệu."))
        parser.add_argument(
            "--seed", type=int, default=454, help=_("Hạt giống ngẫu nhiên (cùng hạt, cùng dữ liệu).")
        )
        parser.add_argument(
            "--database-url",
            default="",
            help=_(
                "Cơ sở dữ liệu đích (mặc định: DATABASE_URL). Ví dụ: postgres://postgres@127.0.0.1/sangtao_bench"
            ),
        )
        parser.add_argument(
            "--no-migrate", action="store_true", help=_("Không chạy migrate trên cơ sở dữ liệu đích trước.")
        )

    def handle(self, *args, scale, seed, database_url, no_migrate, **options):
        if not settings.SANGTAO_DEMO:
            raise CommandError(
                _("Chế độ dữ liệu mẫu đang tắt (SANGTAO_DEMO=False): không sinh dữ liệu giả lập.")
            )
        using = DEFAULT_DB_ALIAS
        if database_url:
            # The target becomes the default database of this process: some migrations (ours and
            # django-tasks-db's) only ever write to the default one.
            connections.close_all()
            configured = connections.configure_settings({using: dj_database_url.parse(database_url)})
            connections.databases[using] = configured[using]
            del connections[using]
        self.check()
        if not no_migrate:
            call_command("migrate", database=using, verbosity=0)
        if OrgUnit.objects.using(using).exists():
            raise CommandError(_("Cơ sở dữ liệu đích đã có đơn vị: hãy dùng một cơ sở dữ liệu trống."))
        spec = SCALES[scale]
        self.stdout.write(
            _("Sinh dữ liệu quy mô “%(s)s” (%(n)d trường) vào %(db)s…")
            % {"s": scale, "n": spec.schools, "db": connections[using].settings_dict["NAME"]}
        )
        ctx = generate(scale=spec, seed=seed, using=using, log=self.stdout.write)
        total = sum(ctx.counts.values())
        for label, n in sorted(ctx.counts.items()):
            self.stdout.write(f"  {label:32} {n:>10,}")
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã ghi %(n)s dòng trong %(s).1f giây.") % {"n": f"{total:,}", "s": ctx.timings["total"]}
            )
        )
