"""Spreadsheets of the outreach pages: Vietnamese headings, the user's scope, the page's filters."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sangtao.outreach import services
from sangtao.outreach.models import Event, EventKind
from sangtao.testing.factories import OrgUnitFactory

DUE = datetime.date(2099, 1, 31)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    return rows[0], rows[1:]


def _doc(world, summary, kind="handbook", units=()):
    doc = services.document_create(
        actor=world.specialist,
        issued_on=datetime.date(2024, 1, 2),
        issuer="Phòng GD&ĐT",
        kind=kind,
        summary=summary,
    )
    if units:
        services.distribution_send(actor=world.specialist, document=doc, units=units, due_on=DUE)
    return doc


def test_the_library_export_keeps_the_filters_and_the_scope(client_for, world):
    _doc(world, "Cẩm nang STEM", units=[world.school_a, world.school_b])
    _doc(world, "Công văn về STEM", kind="letter", units=[world.school_b])
    _doc(world, "Cẩm nang không gửi")
    head, rows = _sheet(
        client_for("specialist").get(reverse("outreach:library"), {"format": "xlsx", "kind": "handbook"})
    )
    assert head[:5] == ("Số/ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Loại văn bản", "Trích yếu")
    assert sorted(r[4] for r in rows) == ["Cẩm nang STEM", "Cẩm nang không gửi"]
    sent = {r[4]: (r[8], r[9]) for r in rows}
    assert sent["Cẩm nang STEM"] == (2, 0) and sent["Cẩm nang không gửi"] == (0, 0)
    _head, rows = _sheet(
        client_for("principal_a").get(reverse("outreach:library"), {"format": "xlsx", "q": "stem"})
    )
    assert [(r[4], r[8]) for r in rows] == [("Cẩm nang STEM", 1)]


def test_the_calendar_export_is_the_month_the_user_sees(client_for, world):
    Event.objects.create(
        title="Ngày hội trường B",
        kind=EventKind.SCHOOL,
        unit=world.school_b,
        starts_on=datetime.date(2024, 10, 5),
    )
    Event.objects.create(title="Hội thảo tháng 11", kind=EventKind.CITY, starts_on=datetime.date(2024, 11, 5))
    day = services.national_days_ensure(year=2024)[1]
    services.event_respond(actor=world.principal_a, event=day, unit=world.school_a, activities="Triển lãm")
    services.event_respond(actor=world.principal_b, event=day, unit=world.school_b, activities="Tọa đàm")
    head, rows = _sheet(
        client_for("principal_a").get(reverse("outreach:calendar"), {"month": "2024-10", "format": "xlsx"})
    )
    assert head[0] == "Ngày bắt đầu" and head[2] == "Tên sự kiện"
    assert [(r[0], r[2], r[7]) for r in rows] == [("01/10/2024", "Ngày Đổi mới sáng tạo Việt Nam", 1)]
    _head, rows = _sheet(
        client_for("specialist").get(reverse("outreach:calendar"), {"month": "2024-10", "format": "xlsx"})
    )
    assert [(r[2], r[7]) for r in rows] == [("Ngày Đổi mới sáng tạo Việt Nam", 2), ("Ngày hội trường B", 0)]


def test_the_responses_export_lists_who_responded_and_who_not(client_for, world):
    day = services.national_days_ensure(year=2024)[1]
    services.event_respond(
        actor=world.principal_a,
        event=day,
        unit=world.school_a,
        activities="Triển lãm sản phẩm",
        participants=320,
    )
    head, rows = _sheet(
        client_for("specialist").get(reverse("outreach:event", args=[day.pk]), {"format": "xlsx"})
    )
    assert head[:5] == ("Đơn vị", "Cấp học", "Đã hưởng ứng", "Hoạt động đã tổ chức", "Số người tham gia")
    assert [(r[0], r[2], r[4]) for r in rows] == [
        (world.school_a.name, "Có", 320),
        (world.school_b.name, "Không", None),
    ]
    _head, rows = _sheet(
        client_for("principal_b").get(reverse("outreach:event", args=[day.pk]), {"format": "xlsx"})
    )
    assert [(r[0], r[2]) for r in rows] == [(world.school_b.name, "Không")]


def test_the_event_page_shows_who_has_not_responded(client_for, world):
    day = services.national_days_ensure(year=2024)[1]
    services.event_respond(actor=world.principal_a, event=day, unit=world.school_a, activities="Triển lãm")
    body = client_for("specialist").get(reverse("outreach:event", args=[day.pk])).content.decode()
    assert "1/2" in body and "Chưa báo cáo hưởng ứng" in body and world.school_b.name in body


@pytest.fixture
def campaigns(world):
    made = []
    for theme in ("Ngày Khoa học 18/5", "Ngày Đổi mới sáng tạo 1/10"):
        made.append(
            services.banner_campaign_create(
                actor=world.specialist,
                theme=theme,
                banner_text="x",
                starts_on=datetime.date(2024, 5, 10),
                ends_on=datetime.date(2024, 5, 25),
                units=[world.school_a, world.school_b],
            )
        )
    services.banner_report(
        actor=world.principal_a,
        campaign=made[0],
        unit=world.school_a,
        place="Cổng trường",
        hung_on=datetime.date(2024, 5, 11),
        photo=SimpleUploadedFile("a.png", PNG, content_type="image/png"),
    )
    return made


def test_the_campaigns_export_has_the_coverage_of_each_school(client_for, world, campaigns):
    head, rows = _sheet(client_for("specialist").get(reverse("outreach:banners"), {"format": "xlsx"}))
    assert head[:6] == (
        "Đợt treo băng rôn",
        "Treo từ ngày",
        "Đến ngày",
        "Trạng thái đợt",
        "Đơn vị",
        "Đã báo cáo",
    )
    got = {(r[0], r[4]): (r[5], r[6]) for r in rows}
    assert len(rows) == 4
    assert got[("Ngày Khoa học 18/5", world.school_a.name)] == ("Có", "Cổng trường")
    assert got[("Ngày Khoa học 18/5", world.school_b.name)] == ("Không", None)
    _head, rows = _sheet(client_for("principal_b").get(reverse("outreach:banners"), {"format": "xlsx"}))
    assert {r[4] for r in rows} == {world.school_b.name}


def test_the_campaign_reports_export_is_one_campaign(client_for, world, campaigns):
    _head, rows = _sheet(
        client_for("specialist").get(reverse("outreach:banner", args=[campaigns[0].pk]), {"format": "xlsx"})
    )
    assert [(r[4], r[5], r[6], r[7]) for r in rows] == [
        (world.school_a.name, "Có", "Cổng trường", "11/05/2024"),
        (world.school_b.name, "Không", None, None),
    ]


@pytest.mark.parametrize("n", [2, 20])
def test_export_query_counts_are_flat(client_for, world, django_assert_max_num_queries, n):
    schools = [OrgUnitFactory(parent=world.office, code=f"X{i}", level="TH") for i in range(n)]
    for i in range(n):
        services.banner_campaign_create(
            actor=world.specialist,
            theme=f"Đợt {i}",
            banner_text="x",
            starts_on=datetime.date(2024, 5, 1),
            ends_on=datetime.date(2024, 5, 2),
            units=schools,
        )
        _doc(world, f"Văn bản {i}", units=schools[:3])
        Event.objects.create(
            title=f"E{i}", kind=EventKind.OFFICE, unit=world.office, starts_on=datetime.date(2024, 4, 2)
        )
    day = services.national_days_ensure(year=2024)[1]
    client = client_for("specialist")
    with django_assert_max_num_queries(12):
        _sheet(client.get(reverse("outreach:banners"), {"format": "xlsx"}))
    with django_assert_max_num_queries(10):
        _sheet(client.get(reverse("outreach:library"), {"format": "xlsx"}))
    with django_assert_max_num_queries(10):
        _sheet(client.get(reverse("outreach:calendar"), {"month": "2024-04", "format": "xlsx"}))
    with django_assert_max_num_queries(12):
        _sheet(client.get(reverse("outreach:event", args=[day.pk]), {"format": "xlsx"}))
    with django_assert_max_num_queries(16):
        assert client.get(reverse("outreach:event", args=[day.pk])).status_code == 200


def test_the_inbox_exports_the_schools_own_documents_only(client_for, world):
    _doc(world, "Cẩm nang trường A và B", units=[world.school_a, world.school_b])
    _doc(world, "Chỉ gửi trường B", units=[world.school_b])

    header, rows = _sheet(client_for("principal_a").get(reverse("outreach:inbox") + "?format=xlsx"))

    assert header[:3] == ("Đơn vị", "Số, ký hiệu", "Trích yếu")
    assert [r[2] for r in rows] == ["Cẩm nang trường A và B"]
    assert {r[0] for r in rows} == {world.school_a.name}
