"""The initiatives world on top of the persona world (sangtao/testing/personas.py).

    campaign  — the office's open campaign of 2023-2024 (the persona office), default rubric, pass mark 70
    school A's council — principal_a (chair), coordinator_a (secretary), teacher_a (member)
    the office's council — leader (chair), specialist (secretary), principal_a and principal_b (members)

`submit_by_teacher()` makes and submits an initiative of teacher_a (sole author) through the services.
"""

from dataclasses import dataclass

import pytest

from sangtao.initiatives import services
from sangtao.initiatives.models import Campaign, Council, Initiative
from sangtao.testing.factories import CampaignFactory, CouncilFactory, CouncilMemberFactory, SchoolYearFactory

CONTENT = {
    "title": "Sáng kiến số hóa sổ theo dõi chuyên cần bằng bảng tính dùng chung",
    "field": "digital",
    "current_state": "Giáo viên chủ nhiệm ghi chuyên cần trên sổ giấy và tổng hợp thủ công mỗi tuần.",
    "solution": "Xây dựng bảng tính dùng chung cho từng lớp, điểm danh trên điện thoại, tự tổng hợp theo tuần.",
    "novelty": "Lần đầu tại trường: cảnh báo tự động khi học sinh vắng ba buổi liên tiếp.",
    "applied_where": "Khối 8, Trường THCS Nguyễn Ảnh Thủ",
    "benefit": "Thời gian tổng hợp giảm từ 45 phút còn 5 phút mỗi tuần; 100% phụ huynh được báo kịp thời.",
    "conditions": "Điện thoại hoặc máy tính có kết nối mạng.",
}


@dataclass
class InitiativeWorld:
    campaign: Campaign
    school_council: Council
    office_council: Council

    def submit_by_teacher(self, world, **overrides) -> Initiative:
        initiative = services.initiative_create(
            actor=world.teacher_a,
            campaign=self.campaign,
            authors=[{"user": world.teacher_a, "share": 100}],
            **{**CONTENT, **overrides},
        )
        return services.initiative_submit(actor=world.teacher_a, initiative=initiative)


@pytest.fixture
def iw(world):
    campaign = CampaignFactory(
        unit=world.office, school_year=SchoolYearFactory(), title="Phong trào sáng kiến năm học 2023-2024"
    )
    school = CouncilFactory(campaign=campaign, level="school", unit=world.school_a)
    CouncilMemberFactory(council=school, user=world.principal_a, role="chair")
    CouncilMemberFactory(council=school, user=world.coordinator_a, role="secretary")
    CouncilMemberFactory(council=school, user=world.teacher_a, role="member")
    office = CouncilFactory(
        campaign=campaign,
        level="office",
        unit=world.office,
        name="Hội đồng sáng kiến Phòng Giáo dục và Đào tạo",
    )
    CouncilMemberFactory(council=office, user=world.leader, role="chair")
    CouncilMemberFactory(council=office, user=world.specialist, role="secretary")
    CouncilMemberFactory(council=office, user=world.principal_a, role="member")
    CouncilMemberFactory(council=office, user=world.principal_b, role="member")
    return InitiativeWorld(campaign=campaign, school_council=school, office_council=office)


MARKS = {"novelty": 8, "applicability": 7.5, "benefit": 9}


def recognise_at_school(world, iw, initiative, marks=MARKS):
    """Start the school review, let principal_a and coordinator_a score, and close it."""
    review = services.review_start(actor=world.principal_a, initiative=initiative)
    services.score_submit(actor=world.principal_a, review=review, values=marks)
    services.score_submit(actor=world.coordinator_a, review=review, values=marks)
    return services.review_close(actor=world.principal_a, review=review)
