"""Meter readings: implausible months refused until confirmed and then flagged; the all-or-nothing import;
per-pupil use, saving against last year and the benchmark."""

import datetime
from decimal import Decimal

import pytest
from django.test.utils import override_settings
from django.urls import reverse

from sangtao.core.exceptions import PermissionDeniedError
from sangtao.orgs.models import SchoolYear, UnitYearStats
from sangtao.programmes import selectors, services
from sangtao.programmes.models import MeterReading
from sangtao.reports.charts import Chart
from sangtao.testing.xlsx import read_sheet, response_bytes, xlsx_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]
D = datetime.date
HEADER = ["Mã đơn vị", "Tháng", "Điện (kWh)", "Nước (m³)", "Xác nhận bất thường"]


@pytest.fixture
def today():
    with override_settings(SANGTAO_TODAY=D(2024, 3, 15)):
        yield


def _months(unit, first: D, values, water=Decimal(100)):
    for i, kwh in enumerate(values):
        month = D(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        MeterReading.objects.create(unit=unit, month=month, electricity_kwh=Decimal(kwh), water_m3=water)


def test_a_jump_over_three_times_the_median_is_refused_until_confirmed(world):
    _months(world.school_a, D(2023, 9, 1), [1000, 1100, 900, 1000])
    with pytest.raises(services.ImplausibleReading, match="3 lần"):
        services.reading_record(
            actor=world.coordinator_a, unit=world.school_a, month=D(2024, 1, 1), electricity_kwh=Decimal(3500)
        )
    assert not MeterReading.objects.filter(month=D(2024, 1, 1)).exists()
    reading = services.reading_record(
        actor=world.coordinator_a,
        unit=world.school_a,
        month=D(2024, 1, 1),
        electricity_kwh=Decimal(3500),
        confirm=True,
    )
    assert reading.flagged and "3 lần" in reading.flag_reason
    assert list(selectors.flagged_for_office(world.specialist)) == [reading]
    services.reading_check(actor=world.specialist, reading=reading)
    reading.refresh_from_db()
    assert reading.flag_checked_by == world.specialist


def test_a_negative_reading_is_flagged(world):
    with pytest.raises(services.ImplausibleReading, match="âm"):
        services.reading_record(
            actor=world.principal_a, unit=world.school_a, month=D(2024, 2, 1), electricity_kwh=Decimal(-5)
        )


def test_a_normal_reading_is_stored_and_a_future_month_refused(world):
    reading = services.reading_record(
        actor=world.principal_a,
        unit=world.school_a,
        month=D(2024, 2, 9),
        electricity_kwh=Decimal(1200),
        water_m3=Decimal(80),
    )
    assert (reading.month, reading.flagged) == (D(2024, 2, 1), False)
    from sangtao.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        services.reading_record(
            actor=world.principal_a, unit=world.school_a, month=D(2024, 4, 1), electricity_kwh=Decimal(1)
        )


@pytest.mark.parametrize("persona", ["principal_b", "teacher_a", "partner", "observer"])
def test_only_the_school_and_office_enter_readings(world, persona):
    with pytest.raises(PermissionDeniedError):
        services.reading_record(
            actor=world.persona(persona), unit=world.school_a, month=D(2024, 2, 1), electricity_kwh=Decimal(1)
        )


def test_the_import_is_all_or_nothing_and_lists_every_bad_row(world):
    _months(world.school_a, D(2023, 9, 1), [1000, 1100, 900, 1000])
    upload = xlsx_upload(
        HEADER,
        [
            ["THCS-A", "01/2024", 1000, 90, ""],
            ["THCS-A", "13/2024", 1000, 90, ""],
            ["TH-B", "01/2024", 500, 40, ""],
            ["KHONG-CO", "01/2024", 500, 40, ""],
            ["THCS-A", "02/2024", 9000, 90, ""],
            ["THCS-A", "03/2024", "", "", ""],
        ],
    )
    result = services.readings_import(actor=world.coordinator_a, file=upload)
    rows = sorted({e.row_number for e in result.errors})
    assert rows == [3, 4, 5, 6, 7]
    assert MeterReading.objects.count() == 4


def test_a_confirmed_import_stores_and_flags(world):
    _months(world.school_a, D(2023, 9, 1), [1000, 1100, 900, 1000])
    upload = xlsx_upload(
        HEADER, [["THCS-A", "01/2024", "1.050", "90,5", ""], ["THCS-A", "02/2024", 9000, 90, "x"]]
    )
    result = services.readings_import(actor=world.specialist, file=upload)
    assert (result.ok, result.created) == (True, 2)
    jan = MeterReading.objects.get(month=D(2024, 1, 1))
    assert (jan.electricity_kwh, jan.water_m3, jan.flagged) == (1050, Decimal("90.5"), False)
    assert MeterReading.objects.get(month=D(2024, 2, 1)).flagged


def test_saving_per_pupil_against_the_same_months_last_year(world):
    year = SchoolYear.objects.create(name="2023-2024", start=D(2023, 9, 1), end=D(2024, 8, 31))
    UnitYearStats.objects.create(unit=world.school_a, year=year, students=100)
    _months(world.school_a, D(2022, 9, 1), [1000, 1000, 1000])
    _months(world.school_a, D(2023, 9, 1), [900, 900, 900, 900])
    row = selectors.energy_rows([world.school_a.pk], 2024)[world.school_a.pk]
    assert (row.months, row.per_pupil_prev, row.per_pupil, row.saving) == (3, 10, 9, 10)


def test_the_school_page_draws_charts_with_a_table(client_for, world):
    """The charts come from the product's one chart module (matplotlib SVG in an <img>, with a data table)."""
    _months(world.school_a, D(2023, 9, 1), [1000, 1100, 900, 1000])
    response = client_for("principal_a").get(reverse("programmes:readings_school", args=[world.school_a.pk]))
    body = response.content.decode()
    assert "<svg" not in body and body.count('<img src="data:image/svg+xml;base64,') == 2
    assert 'id="kwh-table"' in body
    kwh, water = response.context["kwh_chart"], response.context["water_chart"]
    assert isinstance(kwh, Chart) and isinstance(water, Chart)
    assert kwh.headers == ["Năm học 2022-2023", "Năm học 2023-2024"]
    assert kwh.rows[0] == ("09/23", ["–", "1.000 kWh"]) and kwh.rows[1] == ("10/23", ["–", "1.100 kWh"])
    assert "1.100 kWh" in body and "Bảng số liệu của biểu đồ" in body
    assert b"<svg" in kwh.svg()


def test_the_benchmark_chart_compares_the_school_with_its_level(client_for, world):
    year = SchoolYear.objects.create(name="2023-2024", start=D(2023, 9, 1), end=D(2024, 8, 31))
    UnitYearStats.objects.create(unit=world.school_a, year=year, students=100)
    _months(world.school_a, D(2023, 9, 1), [1000, 1000])
    response = client_for("principal_a").get(reverse("programmes:readings_school", args=[world.school_a.pk]))
    bench = response.context["bench_chart"]
    assert bench.labels == ["Trường", "Trung vị cùng cấp học"] and bench.rows[0] == ("Trường", ["10 kWh"])
    assert response.content.decode().count('<img src="data:image/svg+xml;base64,') == 3


@pytest.mark.parametrize(
    ("persona", "status"),
    [("principal_a", 200), ("specialist", 200), ("observer", 200), ("principal_b", 404), ("partner", 404)],
)
def test_a_school_page_is_scoped(client_for, world, persona, status):
    url = reverse("programmes:readings_school", args=[world.school_a.pk])
    assert client_for(persona).get(url).status_code == status


def test_the_phone_form_asks_to_confirm_an_implausible_month(client_for, world):
    _months(world.school_a, D(2023, 9, 1), [1000, 1100, 900, 1000])
    client = client_for("coordinator_a")
    data = {"unit": world.school_a.pk, "month": "01/2024", "electricity_kwh": "5000", "water_m3": "90"}
    response = client.post(reverse("programmes:reading_new"), data)
    assert response.status_code == 400 and 'id="implausible"' in response.content.decode()
    assert not MeterReading.objects.filter(month=D(2024, 1, 1)).exists()
    response = client.post(reverse("programmes:reading_new"), {**data, "confirm": "on"})
    assert response.status_code == 302
    assert MeterReading.objects.get(month=D(2024, 1, 1)).flagged


def test_the_template_and_export_download(client_for, world):
    _months(world.school_a, D(2023, 9, 1), [1000])
    client = client_for("specialist")
    template = read_sheet(response_bytes(client.get(reverse("programmes:readings_template"))))
    assert template[0][:2] == ("Mã đơn vị", "Tháng")
    rows = read_sheet(response_bytes(client.get(reverse("programmes:readings_export") + "?year=2024")))
    assert rows[1][:4] == ("THCS-A", "Trường THCS Nguyễn Ảnh Thủ", "09/2023", 1000)
    other = read_sheet(response_bytes(client_for("principal_b").get(reverse("programmes:readings_export"))))
    assert len(other) == 1


def test_a_schools_readings_export_for_those_who_see_the_school(client_for, world):
    _months(world.school_a, D(2023, 9, 1), [1000, 1100])
    _months(world.school_b, D(2023, 9, 1), [700])
    url = reverse("programmes:readings_school", args=[world.school_a.pk]) + "?year=2024&format=xlsx"
    rows = read_sheet(response_bytes(client_for("principal_a").get(url)))
    assert [r[2] for r in rows[1:]] == ["10/2023", "09/2023"]
    assert {r[0] for r in rows[1:]} == {"THCS-A"}
    assert client_for("principal_b").get(url).status_code == 404


def test_the_flagged_readings_export_says_who_entered_and_who_checked(client_for, world):
    _months(world.school_a, D(2023, 9, 1), [1000, 1100, 900, 1000])
    services.reading_record(
        actor=world.coordinator_a,
        unit=world.school_a,
        month=D(2024, 1, 1),
        electricity_kwh=Decimal(3500),
        confirm=True,
    )
    url = reverse("programmes:readings_flagged") + "?format=xlsx"
    rows = read_sheet(response_bytes(client_for("specialist").get(url)))
    assert rows[0][-2:] == ("Người nhập", "Phòng đã kiểm tra")
    assert len(rows) == 2 and rows[1][2] == "01/2024"
    assert rows[1][-2] == (world.coordinator_a.get_full_name() or world.coordinator_a.username)
    assert rows[1][-1] is None or rows[1][-1] == ""
    assert client_for("principal_a").get(url).status_code == 403


@pytest.mark.parametrize("n", [2, 12])
def test_the_overview_keeps_its_queries_flat(client_for, world, django_assert_max_num_queries, n):
    from sangtao.testing.factories import OrgUnitFactory

    for i in range(n):
        unit = OrgUnitFactory(parent=world.office, code=f"S{i}", level="TH")
        _months(unit, D(2023, 9, 1), [500, 600])
    client = client_for("specialist")
    with django_assert_max_num_queries(18):
        assert client.get(reverse("programmes:readings")).status_code == 200
