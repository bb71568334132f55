"""Builders for the programmes tests: a small criteria set, a programme with the partner, a filled assessment."""

import datetime
from decimal import Decimal

from sangtao.programmes import services
from sangtao.programmes.models import Direction, MeetMethod, ProgrammeKind


def small_set(actor, *, name="Bộ tiêu chí thử"):
    """Three criteria (yes/no, a scale, a threshold) worth 10 points; one level from 70% for 24 months."""
    criteria_set = services.criteria_set_create(actor=actor, name=name, kind=ProgrammeKind.GREEN)
    energy = services.group_save(actor=actor, criteria_set=criteria_set, code="1", name="Năng lượng")
    waste = services.group_save(actor=actor, criteria_set=criteria_set, code="2", name="Rác thải")
    services.criterion_save(
        actor=actor,
        group=energy,
        code="1.1",
        text="Có nội quy tắt điện",
        max_points=Decimal(4),
        method=MeetMethod.YES_NO,
        evidence="Nội quy",
        levels=[],
    )
    services.criterion_save(
        actor=actor,
        group=energy,
        code="1.2",
        text="Thay đèn LED",
        max_points=Decimal(3),
        method=MeetMethod.SCALE,
        scale_max=3,
        evidence="Biên bản kiểm kê",
        evidence_required=False,
        levels=[],
    )
    services.criterion_save(
        actor=actor,
        group=waste,
        code="2.1",
        text="Hoạt động tái chế",
        max_points=Decimal(3),
        method=MeetMethod.THRESHOLD,
        threshold=Decimal(3),
        threshold_unit="hoạt động",
        direction=Direction.AT_LEAST,
        evidence="Ảnh",
        levels=[],
    )
    services.level_save(
        actor=actor,
        criteria_set=criteria_set,
        name="Trường học xanh",
        min_percent=Decimal(70),
        validity_months=24,
    )
    return criteria_set


def open_programme(world, *, partner=True, year=2024):
    criteria_set = small_set(world.specialist)
    programme = services.programme_create(
        actor=world.specialist,
        name=f"Trường học xanh {year}",
        kind=ProgrammeKind.GREEN,
        year=year,
        criteria_set=criteria_set,
        partner_unit=world.partner_unit if partner else None,
    )
    return services.programme_open(actor=world.specialist, programme=programme)


def enrolled(world, programme, unit=None):
    return services.enrol_schools(
        actor=world.specialist, programme=programme, units=[unit or world.school_a]
    )[0]


def filled(world, programme, *, unit=None, actor=None, good=True):
    """An assessment of school A with every criterion answered and evidence where required."""
    unit = unit or world.school_a
    actor = actor or (world.coordinator_a if unit == world.school_a else world.principal_b)
    enrolment = enrolled(world, programme, unit)
    assessment = services.assessment_start(actor=actor, enrolment=enrolment)
    for answer in assessment.answers.select_related("criterion"):
        method = answer.criterion.method
        values = {
            "yes_no": {"met": good},
            "scale": {"scale_value": 3 if good else 1},
            "threshold": {"number_value": Decimal(5 if good else 1)},
        }[method]
        services.answer_save(actor=actor, answer=answer, **values)
        if answer.criterion.evidence_required:
            services.evidence_add(
                actor=actor,
                answer=answer,
                title="Minh chứng",
                url=f"https://truong.edu.vn/{answer.criterion.code}",
            )
    assessment.refresh_from_db()
    return assessment


def office_scores(assessment, *, factor=Decimal(1)):
    return {a.pk: (a.self_points * factor, "") for a in assessment.answers.all()}


TODAY = datetime.date(2024, 3, 15)
