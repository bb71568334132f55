import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sangtao.core.exceptions import ApplicationError, PermissionDeniedError
from sangtao.outreach import services
from sangtao.outreach.models import BannerReport

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff89993d1d0000000049454e44ae426082"
)
XSS = "<script>alert(1)</script>"


def _photo(content=PNG, name="bang-ron.png"):
    return SimpleUploadedFile(name, content, content_type="image/png")


@pytest.fixture
def campaign(world):
    return services.banner_campaign_create(
        actor=world.specialist,
        theme="Hưởng ứng Ngày Đổi mới sáng tạo",
        banner_text="Đổi mới sáng tạo — động lực phát triển",
        starts_on=datetime.date(2024, 9, 25),
        ends_on=datetime.date(2024, 10, 5),
        units=[world.school_a],
    )


def test_it_rejects_a_campaign_from_a_school(world):
    with pytest.raises(PermissionDeniedError):
        services.banner_campaign_create(
            actor=world.principal_a,
            theme="x",
            banner_text="x",
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2024, 1, 2),
            units=[world.school_a],
        )


def test_it_lets_a_school_report_only_for_itself_with_a_real_photo(world, campaign):
    with pytest.raises(PermissionDeniedError):
        services.banner_report(
            actor=world.principal_b,
            campaign=campaign,
            unit=world.school_a,
            place="Cổng",
            hung_on=datetime.date(2024, 9, 26),
            photo=_photo(),
        )
    with pytest.raises(ApplicationError):  # school B was not asked
        services.banner_report(
            actor=world.principal_b,
            campaign=campaign,
            unit=world.school_b,
            place="Cổng",
            hung_on=datetime.date(2024, 9, 26),
            photo=_photo(),
        )
    with pytest.raises(ValidationError):
        services.banner_report(
            actor=world.principal_a,
            campaign=campaign,
            unit=world.school_a,
            place="Cổng",
            hung_on=datetime.date(2024, 9, 26),
            photo=_photo(b"%PDF-1.4 not a photo", "a.png"),
        )
    services.banner_report(
        actor=world.coordinator_a,
        campaign=campaign,
        unit=world.school_a,
        place="Cổng trường",
        hung_on=datetime.date(2024, 9, 26),
        photo=_photo(),
    )
    assert BannerReport.objects.get().by == world.coordinator_a


MATRIX = {  # list, detail
    "admin": (200, 200),
    "leader": (200, 200),
    "specialist": (200, 200),
    "principal_a": (200, 200),
    "coordinator_a": (200, 200),
    "teacher_a": (200, 200),
    "principal_b": (200, 404),
    "partner": (200, 404),
    "observer": (200, 200),
    "anonymous": (302, 302),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_it_applies_the_banner_permission_matrix(client_for, campaign, persona):
    client = client_for(persona)
    codes = (
        client.get(reverse("outreach:banners")).status_code,
        client.get(reverse("outreach:banner", args=[campaign.pk])).status_code,
    )
    assert codes == MATRIX[persona]


@pytest.mark.parametrize(("persona", "status"), [("specialist", 200), ("principal_a", 403)])
def test_it_lets_only_the_office_launch_a_campaign(client_for, world, persona, status):
    assert client_for(persona).get(reverse("outreach:banner_create")).status_code == status


def test_a_school_reports_from_the_phone_form_and_the_office_sees_coverage(client_for, world, campaign):
    url = reverse("outreach:banner", args=[campaign.pk])
    page = client_for("specialist").get(url).content.decode()
    assert "0/1" in page and 'class="pending"' in page
    response = client_for("principal_a").post(
        url, {"unit": world.school_a.pk, "place": "Cổng trường", "hung_on": "26/09/2024", "photo": _photo()}
    )
    assert response.status_code == 302
    page = client_for("specialist").get(url).content.decode()
    assert "1/1" in page and 'class="pending"' not in page
    report = BannerReport.objects.get()
    assert client_for("specialist").get(reverse("outreach:banner_photo", args=[report.pk])).status_code == 200
    assert (
        client_for("principal_b").get(reverse("outreach:banner_photo", args=[report.pk])).status_code == 404
    )


def test_a_teacher_cannot_post_a_report(client_for, world, campaign):
    response = client_for("teacher_a").post(
        reverse("outreach:banner", args=[campaign.pk]),
        {"unit": world.school_a.pk, "place": "Cổng", "hung_on": "26/09/2024", "photo": _photo()},
    )
    assert response.status_code == 403


def test_it_escapes_banner_texts(client_for, world):
    campaign = services.banner_campaign_create(
        actor=world.specialist,
        theme=XSS,
        banner_text=XSS,
        starts_on=datetime.date(2024, 9, 25),
        ends_on=datetime.date(2024, 10, 5),
        units=[world.school_a],
    )
    client = client_for("specialist")
    for url in [reverse("outreach:banners"), reverse("outreach:banner", args=[campaign.pk])]:
        body = client.get(url).content.decode()
        assert XSS not in body and "&lt;script&gt;" in body


@pytest.mark.parametrize("n", [2, 20])
def test_it_keeps_banner_query_counts_flat(client_for, world, django_assert_max_num_queries, n):
    from sangtao.testing.factories import OrgUnitFactory

    schools = [OrgUnitFactory(parent=world.office, code=f"B{i}", level="TH") for i in range(n)]
    for i in range(n):
        services.banner_campaign_create(
            actor=world.specialist,
            theme=f"Đợt {i}",
            banner_text="x",
            starts_on=datetime.date(2024, 9, 25),
            ends_on=datetime.date(2024, 10, 5),
            units=schools,
        )
    last = services.banner_campaign_create(
        actor=world.specialist,
        theme="Cuối",
        banner_text="x",
        starts_on=datetime.date(2024, 9, 25),
        ends_on=datetime.date(2024, 10, 5),
        units=schools,
    )
    client = client_for("specialist")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("outreach:banners")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("outreach:banner", args=[last.pk])).status_code == 200
