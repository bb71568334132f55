"""The workflow: criteria sets frozen when used, enrolment, self-assessment, review with the partner,
recognition, expiry and renewal; every status change an event."""

import datetime
from decimal import Decimal

import pytest
from django.test.utils import override_settings

from sangtao.core.events import events_for
from sangtao.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sangtao.programmes import services
from sangtao.programmes.models import AssessmentStatus, CriteriaSet, EnrolmentStatus, ProgrammeKind

from .factories import enrolled, filled, office_scores, open_programme, small_set

pytestmark = pytest.mark.django_db


def test_a_set_in_use_is_frozen_and_editing_makes_a_new_version(world):
    programme = open_programme(world)
    criteria_set = programme.criteria_set
    group = criteria_set.groups.first()
    with pytest.raises(ConflictError):
        services.group_save(actor=world.specialist, criteria_set=criteria_set, code="3", name="Nước")
    new = services.criteria_set_copy(actor=world.specialist, source=criteria_set, new_version=True)
    assert (new.version, new.lineage, new.is_frozen) == (2, criteria_set.lineage, False)
    assert new.groups.count() == criteria_set.groups.count() == 2
    services.group_save(actor=world.specialist, criteria_set=new, code="3", name="Nước")
    assert criteria_set.groups.count() == 2 and group.criteria.count() == 2
    assert [e.action for e in events_for(criteria_set)] == ["create", "freeze"]


def test_a_copy_for_next_year_starts_a_new_set(world):
    source = small_set(world.specialist)
    copy = services.criteria_set_copy(actor=world.specialist, source=source, name="Trường học xanh 2025")
    assert (copy.name, copy.version, copy.copied_from) == ("Trường học xanh 2025", 1, source)
    assert copy.lineage == copy.pk != source.lineage
    assert copy.levels.get().validity_months == 24


def test_only_the_office_edits_criteria(world):
    with pytest.raises(PermissionDeniedError):
        services.criteria_set_create(actor=world.principal_a, name="X", kind=ProgrammeKind.GREEN)


def test_the_green_template_has_every_theme_with_evidence(world):
    criteria_set = services.green_template_install()
    names = " ".join(criteria_set.groups.values_list("name", flat=True))
    for theme in (
        "năng lượng",
        "tái tạo",
        "nước",
        "Rác thải",
        "Cây xanh",
        "truyền thông",
        "Ban Trường học xanh",
    ):
        assert theme.lower() in names.lower()
    criteria = [c for g in criteria_set.groups.all() for c in g.criteria.all()]
    assert all(c.evidence for c in criteria)
    assert sum(c.max_points for c in criteria) == 100
    assert services.green_template_install() == criteria_set


def test_a_school_registers_and_the_office_accepts(world):
    programme = open_programme(world)
    enrolment = services.enrolment_request(
        actor=world.coordinator_a, programme=programme, unit=world.school_a
    )
    assert enrolment.status == EnrolmentStatus.REQUESTED
    with pytest.raises(PermissionDeniedError):
        services.enrolment_accept(actor=world.principal_a, enrolment=enrolment)
    services.enrolment_accept(actor=world.specialist, enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert [e.action for e in events_for(enrolment)] == ["request", "accept"]


def test_a_school_cannot_register_for_another(world):
    programme = open_programme(world)
    with pytest.raises(PermissionDeniedError):
        services.enrolment_request(actor=world.principal_b, programme=programme, unit=world.school_a)


def test_only_the_head_submits_and_only_when_complete(world):
    programme = open_programme(world)
    assessment = services.assessment_start(actor=world.coordinator_a, enrolment=enrolled(world, programme))
    with pytest.raises(ApplicationError, match="1.1, 1.2, 2.1"):
        services.assessment_submit(actor=world.principal_a, assessment=assessment)
    assessment = filled(world, open_programme(world, year=2025))
    with pytest.raises(PermissionDeniedError):
        services.assessment_submit(actor=world.coordinator_a, assessment=assessment)
    services.assessment_submit(actor=world.principal_a, assessment=assessment)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.self_score, assessment.max_score) == ("submitted", 10, 10)


def test_evidence_is_required_where_the_criterion_asks(world):
    programme = open_programme(world)
    assessment = services.assessment_start(actor=world.coordinator_a, enrolment=enrolled(world, programme))
    for answer in assessment.answers.select_related("criterion"):
        services.answer_save(
            actor=world.coordinator_a, answer=answer, met=True, scale_value=3, number_value=Decimal(4)
        )
    with pytest.raises(ApplicationError, match="minh chứng.*1.1, 2.1"):
        services.assessment_submit(actor=world.principal_a, assessment=assessment)


def test_an_evidence_file_is_checked_by_content(world):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    programme = open_programme(world)
    assessment = services.assessment_start(actor=world.coordinator_a, enrolment=enrolled(world, programme))
    answer = assessment.answers.first()
    fake = SimpleUploadedFile("anh.png", b"not a picture at all", content_type="image/png")
    with pytest.raises(ValidationError):
        services.evidence_add(actor=world.coordinator_a, answer=answer, title="Ảnh", file=fake)
    assert not answer.evidence.exists()


def test_the_points_follow_the_method(world):
    programme = open_programme(world)
    assessment = services.assessment_start(actor=world.coordinator_a, enrolment=enrolled(world, programme))
    by_code = {a.criterion.code: a for a in assessment.answers.select_related("criterion")}
    assert services.answer_save(actor=world.coordinator_a, answer=by_code["1.1"], met=False).self_points == 0
    assert (
        services.answer_save(actor=world.coordinator_a, answer=by_code["1.2"], scale_value=2).self_points == 2
    )
    answer = services.answer_save(
        actor=world.coordinator_a, answer=by_code["2.1"], number_value=Decimal("2.5")
    )
    assert answer.self_points == 0
    with pytest.raises(ApplicationError):
        services.answer_save(actor=world.coordinator_a, answer=by_code["1.2"], scale_value=4)


def test_the_partner_reviews_before_the_office_recognises(world):
    programme = open_programme(world)
    assessment = filled(world, programme)
    services.assessment_submit(actor=world.principal_a, assessment=assessment)
    services.review_save(actor=world.specialist, assessment=assessment, scores=office_scores(assessment))
    with pytest.raises(ConflictError):
        services.assessment_decide(actor=world.specialist, assessment=assessment)
    with pytest.raises(PermissionDeniedError):
        services.review_save(actor=world.partner, assessment=assessment, scores={})
    services.assessment_forward(actor=world.specialist, assessment=assessment)
    with pytest.raises(PermissionDeniedError):
        services.assessment_decide(actor=world.principal_a, assessment=assessment)
    services.review_save(actor=world.partner, assessment=assessment, scores=office_scores(assessment))
    services.assessment_partner_complete(actor=world.partner, assessment=assessment)
    with override_settings(SANGTAO_TODAY=datetime.date(2024, 3, 15)):
        services.assessment_decide(actor=world.leader, assessment=assessment, decision_number="12/QĐ")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.final_score, str(assessment.level)) == (
        "recognised",
        10,
        "Trường học xanh",
    )
    assert assessment.valid_until == datetime.date(2026, 3, 15)
    assert [e.action for e in events_for(assessment)] == [
        "start",
        "submit",
        "forward",
        "partner_review",
        "decide",
    ]


def test_a_partner_of_another_programme_cannot_review(world):
    programme = open_programme(world, partner=False)
    assessment = filled(world, programme)
    services.assessment_submit(actor=world.principal_a, assessment=assessment)
    with pytest.raises(PermissionDeniedError):
        services.review_save(actor=world.partner, assessment=assessment, scores={})
    with pytest.raises(ApplicationError):
        services.assessment_forward(actor=world.specialist, assessment=assessment)


def test_a_low_score_is_not_recognised_and_a_return_needs_a_reason(world):
    programme = open_programme(world, partner=False)
    assessment = filled(world, programme)
    services.assessment_submit(actor=world.principal_a, assessment=assessment)
    with pytest.raises(ApplicationError):
        services.assessment_return(actor=world.specialist, assessment=assessment, reason=" ")
    services.assessment_return(actor=world.specialist, assessment=assessment, reason="Thiếu hóa đơn điện")
    services.assessment_submit(actor=world.principal_a, assessment=assessment)
    services.review_save(
        actor=world.specialist, assessment=assessment, scores=office_scores(assessment, factor=Decimal("0.5"))
    )
    services.assessment_decide(actor=world.specialist, assessment=assessment)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.final_percent, assessment.level) == ("not_recognised", 50, None)


def test_points_above_the_maximum_are_refused(world):
    programme = open_programme(world, partner=False)
    assessment = filled(world, programme)
    services.assessment_submit(actor=world.principal_a, assessment=assessment)
    with pytest.raises(ApplicationError, match="từ 0 đến"):
        services.review_save(
            actor=world.specialist, assessment=assessment, scores=office_scores(assessment, factor=Decimal(2))
        )


def test_a_recognition_expires_and_the_school_renews(world):
    programme = open_programme(world, partner=False)
    assessment = filled(world, programme)
    services.assessment_submit(actor=world.principal_a, assessment=assessment)
    services.review_save(actor=world.specialist, assessment=assessment, scores=office_scores(assessment))
    with override_settings(SANGTAO_TODAY=datetime.date(2022, 3, 1)):
        services.assessment_decide(actor=world.specialist, assessment=assessment)
    with override_settings(SANGTAO_TODAY=datetime.date(2023, 6, 1)), pytest.raises(ConflictError):
        services.assessment_start(actor=world.coordinator_a, enrolment=assessment.enrolment)
    assert services.recognitions_expire(today=datetime.date(2024, 3, 2)) == 1
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.EXPIRED
    renewal = services.assessment_start(actor=world.coordinator_a, enrolment=assessment.enrolment)
    assert (renewal.round, renewal.is_renewal) == (2, True)
    assert [e.action for e in events_for(assessment)][-1] == "expire"


def test_a_school_cannot_edit_a_submitted_assessment(world):
    programme = open_programme(world, partner=False)
    assessment = filled(world, programme)
    services.assessment_submit(actor=world.principal_a, assessment=assessment)
    with pytest.raises(ConflictError):
        services.answer_save(actor=world.coordinator_a, answer=assessment.answers.first(), met=False)
    assert CriteriaSet.objects.get(pk=programme.criteria_set_id).is_frozen
