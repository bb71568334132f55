"""The year-end report for the whole data set, and the cost of one refresh cycle (issue 8 §2).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sangtao_bench_city .venv/bin/python bench/city_reports.py

On a database filled by `manage.py generate_data` (any scale; the figures in bench/README.md are city scale):

1. The year-end "Báo cáo kết quả thực hiện Kế hoạch" of the office (every school) as .docx: the figures
   (`reports.selectors.report_content`, the same indicator source as the dashboard) and the document
   (`reports.word.report_docx`, charts included), timed apart; target ≤ 10 s for the .docx. Reference in the
   same run: the office dashboard's indicator figures alone (`plans.selectors.indicator_figures`), the
   floor any report of those numbers pays. The .xlsx annex is timed too. Nothing is saved.
2. One refresh cycle of the precomputed dashboard figures (`dashboards.services.figures_refresh`, the frequent
   job behind SANGTAO_FIGURES_FROM_SNAPSHOT): its cost, then a club activity is recorded and the next cycle
   shows it in the running-month snapshot (the dashboard reflects a new record within one cycle). The
   activity is rolled back at the end.
Prints figures for a person to read; asserts nothing.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from sangtao.accounts.models import User  # noqa: E402
from sangtao.core import clock  # noqa: E402
from sangtao.plans.models import Plan  # noqa: E402
from sangtao.plans.selectors import indicator_figures  # noqa: E402
from sangtao.reports.models import Report  # noqa: E402


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


class Rollback(Exception):
    pass


def main() -> int:
    from sangtao.reports.annex import report_xlsx
    from sangtao.reports.selectors import report_content
    from sangtao.reports.services import report_defaults
    from sangtao.reports.word import report_docx

    plan = Plan.objects.filter(status="issued").order_by("id").first()
    if plan is None:
        raise SystemExit("No issued plan: load a data set with manage.py generate_data first.")
    leader = User.objects.get(username="scale-leader")
    period = plan.periods.order_by("-due").first()
    units = len(indicator_figures(None, plan)[0].by_unit) if plan.indicators.exists() else 0
    print(
        f"Data set: plan {plan.number}, {units:,} implementing units; database {connection.settings_dict['NAME']}; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )

    # 1. The year-end report of the whole office.
    report = Report(
        plan=plan,
        period=period,
        unit=plan.issuing_unit,
        created_by=leader,
        requested_by=leader,
        **report_defaults(plan=plan, period=period, unit=plan.issuing_unit),
    )
    _figures, reference = timed(lambda: indicator_figures(leader, plan, as_of=min(period.end, clock.today())))
    content, figures_s = timed(lambda: report_content(leader, report))
    docx, docx_s = timed(lambda: report_docx(report, content))
    xlsx, xlsx_s = timed(lambda: report_xlsx(content))
    print(
        f"Year-end report “{period.name}” of {plan.issuing_unit.name}: figures {figures_s:.1f} s + .docx "
        f"{docx_s:.1f} s = {figures_s + docx_s:.1f} s (target ≤ 10 s), {len(docx) / 1e3:.0f} KB, "
        f"{len(content.charts)} charts; annex .xlsx {xlsx_s:.1f} s; reference (the indicator figures alone) "
        f"{reference:.1f} s; ratio {(figures_s + docx_s) / reference:.1f}×"
    )

    # 2. One refresh cycle, and a new record seen after the next one.
    from sangtao.clubs.models import Club, ClubActivity
    from sangtao.dashboards import services
    from sangtao.dashboards.models import IndicatorSnapshot

    written, cycle_s = timed(services.figures_refresh)
    print(f"Refresh cycle (running month's snapshot + activity summary): {written:,} rows in {cycle_s:.1f} s")
    club = Club.objects.filter(status="active").order_by("id").first()
    if club is None:
        return 0
    month = clock.today().replace(day=1)

    def values():
        return dict(
            IndicatorSnapshot.objects.filter(unit_id=club.unit_id, month=month).values_list(
                "indicator__code", "value"
            )
        )

    try:
        with transaction.atomic():
            before = values()
            ClubActivity.objects.create(club=club, date=clock.today(), title="Buổi sinh hoạt đo tải", participants=12)
            _n, second_s = timed(services.figures_refresh)
            after = values()
            changed = {code: (before.get(code), value) for code, value in after.items() if before.get(code) != value}
            print(
                f"A club activity recorded today at {club.unit.name}; the next cycle ({second_s:.1f} s) gives the "
                f"school's running-month values {after}; changed by it: {changed or 'none (one activity does not '
                'make a club active: the rule needs activities in two months and five members)'}"
            )
            raise Rollback
    except Rollback:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
