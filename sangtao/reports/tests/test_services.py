"""The report's life: drafted from the figures, edited, generated into numbered versions, finalised."""

import datetime

import pytest

from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.reports import services
from sangtao.reports.models import Report, ReportStatus


def _generate(report, actor, capture):
    with capture(execute=True):
        services.report_generate(actor=actor, report=report)
    report.refresh_from_db()
    return report


def test_a_new_report_has_the_usual_header_and_a_draft_from_the_figures(reporting, world):
    report = services.report_create(
        actor=world.leader, plan=reporting.plan, period=reporting.period, unit=world.office
    )
    assert report.status == ReportStatus.DRAFT
    assert report.kind == "semester1"
    assert report.number == "/BC-GDĐT"
    assert report.place == "Quận 12"
    assert report.signed_on == datetime.date(2024, 3, 15)
    assert (report.signer_title, report.signer_name) == ("TRƯỞNG PHÒNG", "Khuê Mạnh Hùng")
    assert report.recipient_lines == ["UBND Q.12 (để báo cáo);", "Lưu: VT."]
    assert "1/2 chỉ tiêu đạt hoặc vượt" in report.strengths
    assert "CT02 đạt 7 buổi/10 buổi" in report.limits
    assert "Tập trung hoàn thành chỉ tiêu CT02" in report.directions
    assert [e.action for e in events_for(report)] == ["create"]


def test_a_school_report_is_signed_by_the_principal_and_sent_to_the_office(reporting, world):
    report = services.report_create(
        actor=world.principal_a, plan=reporting.plan, period=reporting.period, unit=world.school_a
    )
    assert report.signer_title == "HIỆU TRƯỞNG"
    assert report.recipient_lines == ["Phòng GD&ĐT (để báo cáo);", "Lưu: VT."]
    assert report.number == "/BC-THCSA"


def test_it_refuses_a_second_report_for_the_same_period_and_scope(reporting, world):
    services.report_create(
        actor=world.leader, plan=reporting.plan, period=reporting.period, unit=world.office
    )
    with pytest.raises(ConflictError, match="Đã có báo cáo"):
        services.report_create(
            actor=world.leader, plan=reporting.plan, period=reporting.period, unit=world.office
        )


def test_it_refuses_a_level_on_a_school_report_and_a_period_of_another_plan(reporting, world):
    from sangtao.testing.factories import ReportingPeriodFactory

    with pytest.raises(ApplicationError, match="không chọn cấp học"):
        services.report_create(
            actor=world.leader,
            plan=reporting.plan,
            period=reporting.period,
            unit=world.school_a,
            level="THCS",
        )
    with pytest.raises(ApplicationError, match="không thuộc kế hoạch"):
        services.report_create(
            actor=world.leader, plan=reporting.plan, period=ReportingPeriodFactory(), unit=world.office
        )


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("principal_a", "school_b"),
        ("principal_a", "office"),
        ("coordinator_a", "school_a"),
        ("observer", "office"),
        ("teacher_a", "school_a"),
        ("partner", "office"),
    ],
)
def test_only_the_office_and_a_school_s_own_principal_create_reports(reporting, world, persona, unit):
    with pytest.raises(PermissionDeniedError):
        services.report_create(
            actor=world.persona(persona),
            plan=reporting.plan,
            period=reporting.period,
            unit=getattr(world, unit),
        )


def test_generating_makes_numbered_versions_with_the_figures_as_of_the_period_end(
    reporting, world, django_capture_on_commit_callbacks
):
    report = services.report_create(
        actor=world.specialist, plan=reporting.plan, period=reporting.period, unit=world.office
    )
    _generate(report, world.specialist, django_capture_on_commit_callbacks)
    _generate(report, world.specialist, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.READY
    assert report.progress == 100
    first, second = report.versions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert second.as_of == reporting.period.end
    assert second.figures[1] == {
        "code": "CT02",
        "name": "Buổi tuyên truyền",
        "target": "10.00",
        "actual": "7.00",
        "percent_of_target": "70.0",
    }
    assert second.docx.read().startswith(b"PK") and second.xlsx.read().startswith(b"PK")
    assert not second.pdf and "LibreOffice" in second.pdf_error
    actions = [(e.action, e.from_status, e.to_status) for e in events_for(report)]
    assert actions[1:3] == [("generate", "draft", "generating"), ("version", "generating", "ready")]


def test_a_report_still_running_takes_its_figures_as_of_today(reporting, world):
    report = services.report_create(
        actor=world.leader, plan=reporting.plan, period=reporting.year_end, unit=world.office
    )
    from sangtao.reports.selectors import report_content

    assert report.kind == "year_end"
    assert report_content(world.leader, report).as_of == datetime.date(2024, 3, 15)


def test_editing_a_ready_report_sends_it_back_to_draft(generated, world):
    report = services.report_update(actor=world.leader, report=generated, strengths="Ưu điểm mới.")
    assert report.status == ReportStatus.DRAFT
    assert report.strengths == "Ưu điểm mới."
    assert ("edit", "ready", "draft") in [(e.action, e.from_status, e.to_status) for e in events_for(report)]
    with pytest.raises(ConflictError, match="Hãy tạo văn bản"):
        services.report_finalise(actor=world.leader, report=report)


def test_finalising_makes_it_read_only(generated, world):
    report = services.report_finalise(actor=world.leader, report=generated)
    assert report.status == ReportStatus.FINALISED
    assert report.finalised_by == world.leader and report.finalised_at is not None
    with pytest.raises(ConflictError, match="đã hoàn tất"):
        services.report_update(actor=world.leader, report=report, strengths="Sửa sau khi ký.")
    with pytest.raises(ConflictError, match="đã hoàn tất"):
        services.report_generate(actor=world.leader, report=report)
    assert Report.objects.get(pk=report.pk).strengths != "Sửa sau khi ký."


def test_a_specialist_drafts_but_only_a_leader_finalises(generated, world):
    with pytest.raises(PermissionDeniedError):
        services.report_finalise(actor=world.specialist, report=generated)
    with pytest.raises(PermissionDeniedError):
        services.report_update(actor=world.observer, report=generated, strengths="x")


def test_a_report_being_generated_cannot_be_edited(generated, world):
    Report.objects.filter(pk=generated.pk).update(status=ReportStatus.GENERATING)
    generated.refresh_from_db()
    with pytest.raises(ConflictError, match="đang được tạo"):
        services.report_update(actor=world.leader, report=generated, strengths="x")


def test_a_failed_generation_goes_back_to_draft_with_the_reason(
    reporting, world, monkeypatch, django_capture_on_commit_callbacks
):
    report = services.report_create(
        actor=world.leader, plan=reporting.plan, period=reporting.period, unit=world.office
    )

    def broken(*args, **kwargs):
        raise RuntimeError("đĩa đầy")

    monkeypatch.setattr("sangtao.reports.word.report_docx", broken)
    _generate(report, world.leader, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.DRAFT
    assert "đĩa đầy" in report.last_error
    assert not report.versions.exists()
    assert events_for(report).order_by("at", "id").last().action == "fail"


def test_a_generation_whose_worker_died_can_be_started_again(generated, world):
    Report.objects.filter(pk=generated.pk).update(
        status=ReportStatus.GENERATING, updated_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC)
    )
    generated.refresh_from_db()
    report = services.report_generate(actor=world.leader, report=generated)
    assert report.status == ReportStatus.GENERATING
