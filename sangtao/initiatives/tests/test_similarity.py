"""The warning that a new application resembles an earlier one, in the same unit or another."""

import datetime

from django.utils import timezone

from sangtao.initiatives.similarity import jaccard, shingles, similar_initiatives, similarity, words
from sangtao.testing.factories import CampaignFactory, InitiativeFactory, OrgUnitFactory

EARLIER = timezone.make_aware(datetime.datetime(2023, 5, 10, 9, 0))
NOW = timezone.make_aware(datetime.datetime(2024, 1, 10, 9, 0))

SOLUTION = (
    "Giáo viên lập nhóm Zalo theo lớp, gửi phiếu học tập điện tử mỗi tối; học sinh nộp ảnh bài làm, "
    "giáo viên chấm nhanh bằng biểu mẫu trực tuyến và thống kê tiến bộ hằng tuần cho phụ huynh."
)


def _initiative(campaign, unit, title, solution, submitted_at, status="recognised_school"):
    return InitiativeFactory(
        campaign=campaign,
        unit=unit,
        title=title,
        solution=solution,
        novelty="Mới tại trường.",
        status=status,
        submitted_at=submitted_at,
    )


def test_common_words_of_every_application_do_not_count():
    assert words("mot so bien phap nang cao hieu qua day hoc mon toan") == ["mon", "toan"]


def test_jaccard_of_shingles():
    a, b = shingles("phieu hoc tap dien tu"), shingles("phieu hoc tap giay")
    assert 0 < jaccard(a, b) < 1 and jaccard(a, a) == 1 and jaccard(a, set()) == 0


def test_it_lists_an_earlier_resembling_initiative_of_the_same_unit_first(world):
    campaign = CampaignFactory(unit=world.office)
    old = _initiative(
        campaign, world.school_a, "Phiếu học tập điện tử qua nhóm Zalo lớp môn Toán 8", SOLUTION, EARLIER
    )
    other_unit = _initiative(
        campaign,
        world.school_b,
        "Phiếu học tập điện tử qua nhóm Zalo cho lớp 5",
        SOLUTION.replace("phụ huynh", "cha mẹ học sinh"),
        EARLIER,
    )
    _initiative(
        campaign, world.school_a, "Trồng rau thủy canh trong vườn trường", "Trồng rau bằng ống nhựa.", EARLIER
    )
    new = _initiative(
        campaign,
        world.school_a,
        "Phiếu học tập điện tử qua nhóm Zalo môn Toán lớp 8",
        SOLUTION,
        NOW,
        status="in_review",
    )
    matches = similar_initiatives(new, threshold=0.3)
    assert [m.initiative for m in matches] == [old, other_unit]
    assert matches[0].same_unit and not matches[1].same_unit
    assert matches[0].score > 0.9


def test_later_drafts_and_withdrawn_applications_are_not_compared(world):
    campaign = CampaignFactory(unit=world.office)
    new = _initiative(
        campaign, world.school_a, "Phiếu học tập điện tử", SOLUTION, EARLIER, status="in_review"
    )
    _initiative(campaign, world.school_a, "Phiếu học tập điện tử", SOLUTION, NOW)  # later
    _initiative(campaign, world.school_b, "Phiếu học tập điện tử", SOLUTION, None, status="draft")
    _initiative(
        campaign,
        world.school_b,
        "Phiếu học tập điện tử",
        SOLUTION,
        EARLIER - datetime.timedelta(days=1),
        status="withdrawn",
    )
    assert similar_initiatives(new, threshold=0.1) == []


def test_the_threshold_decides(world):
    campaign = CampaignFactory(unit=world.office)
    _initiative(
        campaign,
        world.school_b,
        "Thư viện xanh thân thiện",
        "Sắp xếp lại thư viện theo chủ đề, đọc sách ngoài trời mỗi sáng thứ hai.",
        EARLIER,
    )
    new = _initiative(
        campaign,
        world.school_a,
        "Thư viện xanh trong sân trường",
        "Đưa sách ra sân trường, đọc sách ngoài trời giờ ra chơi.",
        NOW,
        status="in_review",
    )
    score, _title, _text = similarity(new.title_folded, new.text_folded, *_folded(campaign))
    assert 0.1 < score < 0.9
    assert len(similar_initiatives(new, threshold=score - 0.01)) == 1
    assert similar_initiatives(new, threshold=score + 0.01) == []


def _folded(campaign):
    earlier = campaign.initiatives.order_by("submitted_at").first()
    return earlier.title_folded, earlier.text_folded


def test_it_uses_two_queries_whatever_the_number_of_candidates(world, django_assert_num_queries):
    campaign = CampaignFactory(unit=world.office)
    unit = OrgUnitFactory(parent=world.office)
    for i in range(15):
        _initiative(campaign, unit, f"Phiếu học tập điện tử số {i}", SOLUTION, EARLIER)
    new = _initiative(campaign, world.school_a, "Phiếu học tập điện tử", SOLUTION, NOW, status="in_review")
    new = type(new).objects.select_related("campaign").get(pk=new.pk)
    with django_assert_num_queries(3):  # candidates, the top five, their authors
        assert len(similar_initiatives(new, threshold=0.3)) == 5
