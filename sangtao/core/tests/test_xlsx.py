import datetime
import io

from openpyxl import load_workbook

from sangtao.core import xlsx
from sangtao.testing.xlsx import xlsx_upload

COLUMNS = [
    xlsx.Column("Mã", "code", xlsx.text(10), required=True),
    xlsx.Column("Họ và tên", "name", xlsx.text(50), required=True),
    xlsx.Column("Khối", "grade", xlsx.integer(1, 12)),
    xlsx.Column("Nhóm", "group", xlsx.choice({"GV": "Giáo viên", "NV": "Nhân viên"})),
    xlsx.Column("Thư điện tử", "email", xlsx.email),
    xlsx.Column("Ngày", "day", xlsx.date),
]


def test_it_reads_rows_by_header_name_in_any_order():
    upload = xlsx_upload(["Ho va ten", "Ma *", "Khoi"], [["Lê Văn A", "A1", 8]])

    result = xlsx.read_rows(upload, COLUMNS)

    assert result.errors == []
    assert result.rows[0].row_number == 2
    assert result.rows[0].values["code"] == "A1"
    assert result.rows[0].values["name"] == "Lê Văn A"
    assert result.rows[0].values["grade"] == 8


def test_it_parses_labels_dates_and_numbers_typed_as_text():
    upload = xlsx_upload(
        ["Mã", "Họ và tên", "Khối", "Nhóm", "Thư điện tử", "Ngày"],
        [["A1", "An", "9", "giao vien", "AN@Example.EDU.VN", "05/09/2023"]],
    )

    values = xlsx.read_rows(upload, COLUMNS).rows[0].values

    assert values["grade"] == 9
    assert values["group"] == "GV"
    assert values["email"] == "an@example.edu.vn"
    assert values["day"] == datetime.date(2023, 9, 5)


def test_it_reports_every_bad_cell_with_row_and_column():
    upload = xlsx_upload(
        ["Mã", "Họ và tên", "Khối", "Nhóm", "Thư điện tử"],
        [["A1", "", 8, "GV", ""], ["A2", "Bình", "tám", "GV", ""], ["A3", "Chi", 8, "HS", "khong-phai-thu"]],
    )

    errors = xlsx.read_rows(upload, COLUMNS).errors

    assert [(e.row_number, e.column) for e in errors] == [
        (2, "Họ và tên"),
        (3, "Khối"),
        (4, "Nhóm"),
        (4, "Thư điện tử"),
    ]
    assert errors[0].message == "Bắt buộc nhập."


def test_it_skips_blank_rows_but_keeps_excel_row_numbers():
    upload = xlsx_upload(["Mã", "Họ và tên"], [["A1", "An"], [None, None], ["A3", ""]])

    result = xlsx.read_rows(upload, COLUMNS)

    assert [r.row_number for r in result.rows] == [2, 4]
    assert [e.row_number for e in result.errors] == [4]


def test_it_rejects_a_sheet_without_a_required_column():
    upload = xlsx_upload(["Mã"], [["A1"]])

    errors = xlsx.read_rows(upload, COLUMNS).errors

    assert errors == [xlsx.RowError(1, "Họ và tên", "Thiếu cột “Họ và tên”.")]


def test_it_rejects_a_file_that_is_not_a_workbook():
    errors = xlsx.read_rows(io.BytesIO(b"PK\x03\x04 not really a zip"), COLUMNS).errors

    assert errors[0].row_number == 0
    assert "không phải là tệp Excel" in errors[0].message


def test_it_limits_the_number_of_rows():
    upload = xlsx_upload(["Mã", "Họ và tên"], [[f"A{i}", "An"] for i in range(5)])

    result = xlsx.read_rows(upload, COLUMNS, max_rows=3)

    assert len(result.rows) == 3
    assert "quá 3 dòng" in result.errors[0].message


def test_it_names_duplicates_by_the_earlier_row():
    upload = xlsx_upload(["Mã", "Họ và tên"], [["A1", "An"], ["A2", "Bình"], ["A1", "Chi"]])
    rows = xlsx.read_rows(upload, COLUMNS).rows

    errors = xlsx.duplicate_errors(rows, lambda r: r["code"], "Mã")

    assert errors == [xlsx.RowError(4, "Mã", "Trùng với dòng 2.")]


def test_it_exports_a_header_row_and_the_rows():
    rows = iter([{"code": "A1", "name": "An", "grade": 8}, {"code": "A2", "name": "Bình", "grade": None}])

    wb = load_workbook(xlsx.export_rows(COLUMNS, rows, title="Danh sách: học sinh/2024"))

    ws = wb.worksheets[0]
    assert ws.title == "Danh sách học sinh2024"
    assert [c.value for c in ws[1]] == ["Mã", "Họ và tên", "Khối", "Nhóm", "Thư điện tử", "Ngày"]
    assert [c.value for c in ws[2]][:3] == ["A1", "An", 8]
    assert ws.max_row == 3


def test_it_writes_a_template_with_an_example_and_notes():
    wb = load_workbook(
        xlsx.write_template(COLUMNS, "Mẫu", [{"code": "A1", "name": "An"}], notes=["Ghi chú riêng"])
    )

    data, guide = wb.worksheets
    assert [c.value for c in data[1]][:2] == ["Mã", "Họ và tên"]
    assert [c.value for c in data[2]][:2] == ["A1", "An"]
    notes = [row[0] for row in guide.iter_rows(values_only=True)]
    assert "Họ và tên" in notes
    assert "Ghi chú riêng" in notes


def test_a_template_reads_back_without_errors():
    template = xlsx.write_template(COLUMNS, "Mẫu", [{"code": "A1", "name": "An", "grade": 3, "group": "GV"}])

    result = xlsx.read_rows(template, COLUMNS)

    assert result.errors == []
    assert result.rows[0].values["group"] == "GV"


def test_a_vietnamese_template_imports_while_the_interface_is_in_english():
    from django.utils import translation

    from sangtao.accounts.models import StaffGroup
    from sangtao.accounts.registries import STAFF_COLUMNS

    upload = xlsx_upload([str(c.header) for c in STAFF_COLUMNS],
                         [["THCS-A", "GV01", "Lê Thị Hoa", str(StaffGroup.GV.label), "Toán", "", ""]])
    with translation.override("en"):
        result = xlsx.read_rows(upload, STAFF_COLUMNS)
    assert (result.errors, result.rows[0]["group"]) == ([], "GV")


def test_it_exports_aware_datetimes_in_local_time():
    from django.utils import timezone

    moment = timezone.make_aware(datetime.datetime(2024, 1, 15, 8, 30), datetime.UTC)
    out = xlsx.export_rows([xlsx.Column("Lúc", "at")], [{"at": moment}])
    cell = load_workbook(out).active["A2"].value
    assert cell == datetime.datetime(2024, 1, 15, 15, 30)  # Asia/Ho_Chi_Minh is UTC+7
