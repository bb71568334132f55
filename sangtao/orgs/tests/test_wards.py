import pytest
from django.core.exceptions import ValidationError

from sangtao.orgs import wards


def test_there_are_34_provinces_today():
    assert len(wards.province_choices()) == 34


def test_ho_chi_minh_city_is_79_and_has_dong_hung_thuan():
    assert wards.province("79").name == "Thành phố Hồ Chí Minh"
    assert ("26791", "Phường Đông Hưng Thuận") in wards.ward_choices("79")


def test_a_ward_alone_fills_in_its_province_and_name():
    assert wards.resolve("", "26791") == ("79", "26791", "Phường Đông Hưng Thuận")


def test_a_code_that_excel_turned_into_a_number_is_read_back():
    assert wards.resolve(1, 4.0) == ("01", "00004", "Phường Ba Đình")


def test_no_ward_is_fine():
    assert wards.resolve("79", "") == ("79", "", "")


def test_it_rejects_an_unknown_province():
    with pytest.raises(ValidationError) as exc:
        wards.resolve("03", "")

    assert "province_code" in exc.value.message_dict


def test_it_rejects_an_unknown_ward():
    with pytest.raises(ValidationError) as exc:
        wards.resolve("79", "abc")

    assert "ward_code" in exc.value.message_dict


def test_it_rejects_a_ward_of_another_province():
    with pytest.raises(ValidationError) as exc:
        wards.resolve("79", "00004")

    assert exc.value.message_dict["ward_code"] == ["Phường Ba Đình không thuộc Thành phố Hồ Chí Minh."]
