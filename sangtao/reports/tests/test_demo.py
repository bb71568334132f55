"""The demo's reports: the office's semester-I report finalised, school A's ready, both with their files."""

import pytest
from django.db import connection, transaction
from django.utils import translation

from sangtao.plans.demo import STORY_DAY, load_demo
from sangtao.reports.demo import load_reports_demo
from sangtao.reports.models import Report, ReportStatus


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(password="Demo-mat-khau-454")
        with translation.override("vi"):
            lines = load_reports_demo(story_day=STORY_DAY)
        yield {"lines": lines, "on_commit": list(connection.run_on_commit)}
        transaction.set_rollback(True)


def test_it_prints_a_summary_and_queues_nothing(demo):
    assert demo["lines"][0].startswith("Báo cáo: 2 báo cáo sơ kết học kỳ I")
    assert demo["on_commit"] == []


def test_the_office_report_is_finalised_and_the_school_s_is_ready(demo, db):
    office = Report.objects.get(unit__code="PGDDT-Q12")
    school = Report.objects.get(unit__code="THCS-NAT")
    assert (office.status, school.status) == (ReportStatus.FINALISED, ReportStatus.READY)
    assert office.number == "25/BC-GDĐT"
    version = office.versions.get()
    assert version.docx and version.xlsx
    assert str(version.as_of) == "2024-01-10"
