"""The demo data set: the education sector of Quận 12 (TP. Hồ Chí Minh) as it was in 2024, and its plan.

Pure data, no database access: `sangtao.plans.demo` turns it into records. Every unit built from it is
marked `is_demo`. The seed plan is 454/KH-GDĐT of 30/10/2023 (/work/shared/mission), quoted verbatim
(its typing slips included) in the task descriptions; titles, leads, partners, dates and expected
outputs are our reading of section III, which says which team of the office answers for what.

Wards: the 11 wards of Quận 12 before 1 July 2025. `ward_code` is left empty on purpose: districts were
abolished that day and these wards were merged into new ones (Đông Hưng Thuận, Trung Mỹ Tây, Tân Thới
Hiệp, Thới An, An Phú Đông) whose codes, the only ones the `vietnam-provinces` package knows, do not
describe the 2024 wards; a code we cannot check would be worse than none.

School names: real schools of Quận 12 where we know them, plausible ones otherwise; heads, addresses,
telephone numbers and headcounts are invented (e-mail addresses use the reserved `.example` domain so
that no demo mail can reach anybody).
"""

import datetime
from typing import NamedTuple

D = datetime.date

PROVINCE_CODE = "79"  # TP. Hồ Chí Minh
EMAIL_DOMAIN = "sangtao-demo.example"

ALL_LEVELS = ["MN", "TH", "THCS", "DVTN"]
TH_THCS = ["TH", "THCS"]
IMPLEMENTING_KINDS = ["school", "affiliated"]

SCHOOL_YEARS = [
    # name, start, end, is_current
    ("2023-2024", D(2023, 9, 5), D(2024, 5, 31), True),
    ("2024-2025", D(2024, 9, 5), D(2025, 5, 31), False),
]
STATS_YEAR = "2023-2024"

# ── Units ──────────────────────────────────────────────────────────────────────────────────────────

ROOT = {
    "code": "UBND-Q12",
    "kind": "observer",
    "name": "Ủy ban nhân dân Quận 12",
    "short_name": "UBND Quận 12",
    "ward_name": "Thới An",
    "address": "01 đường Lê Thị Riêng, phường Thới An, Quận 12, TP. Hồ Chí Minh",
    "phone": "028 3891 6200",
}
OFFICE = {
    "code": "PGDDT-Q12",
    "kind": "authority",
    "name": "Phòng Giáo dục và Đào tạo Quận 12",
    "short_name": "Phòng GD&ĐT Quận 12",
    "ward_name": "Thới An",
    "address": "01 đường Lê Thị Riêng, phường Thới An, Quận 12, TP. Hồ Chí Minh",
    "head_name": "Khuê Mạnh Hùng",  # the signer of 454/KH-GDĐT
    "phone": "028 3891 5320",
}
# The five teams that section III of the plan names (code, name).
TEAMS = [
    ("TO-MN", "Tổ Mầm non"),
    ("TO-PT", "Tổ Phổ thông"),
    ("TO-HCTH", "Tổ Hành chính tổng hợp"),
    ("BP-TDKT", "Bộ phận Thi đua – Khen thưởng"),
    ("BP-DD", "Bộ phận Đoàn – Đội"),
]
# Partner agencies under the People's Committee (code, name, short name).
PARTNERS = [
    ("PKT-Q12", "Phòng Kinh tế Quận 12", "Phòng Kinh tế"),
    ("PTNMT-Q12", "Phòng Tài nguyên và Môi trường Quận 12", "Phòng TN&MT"),
    ("QD-Q12", "Quận đoàn Quận 12", "Quận đoàn"),
]


class DemoSchool(NamedTuple):
    code: str
    name: str
    short_name: str
    level: str  # SchoolLevel value
    ownership: str  # Ownership value
    ward_name: str
    address: str
    head_name: str
    phone: str
    # Headcounts of school year 2023-2024 (UnitYearStats).
    students: int
    managers: int
    teachers: int
    staff: int


S = DemoSchool

SCHOOL_A = "THCS-NAT"  # the personas' school A (a THCS)
SCHOOL_B = "TH-LVT"  # the personas' school B (a TH)

# 30 preschools (8 non-public), 22 primary (2 non-public), 16 lower secondary (1 non-public).
# fmt: off
SCHOOLS = [
    S('MN-HOAMAI', 'Trường Mầm non Hoa Mai', 'MN Hoa Mai', 'MN', 'public', 'Tân Chánh Hiệp',
      '48/7A đường Dương Thị Mười, phường Tân Chánh Hiệp, Quận 12, TP. Hồ Chí Minh', 'Mai Thị Thu Nhung', '028 3713 9164', 485, 3, 35, 11),
    S('MN-SONCA', 'Trường Mầm non Sơn Ca', 'MN Sơn Ca', 'MN', 'public', 'Tân Thới Nhất',
      '76/3A đường Tân Thới Nhất 17, phường Tân Thới Nhất, Quận 12, TP. Hồ Chí Minh', 'Tạ Thị Ngọc Trinh', '028 3717 3430', 600, 3, 41, 14),
    S('MN-HOAMI', 'Trường Mầm non Họa Mi', 'MN Họa Mi', 'MN', 'public', 'Hiệp Thành',
      '69/4A đường Nguyễn Ảnh Thủ, phường Hiệp Thành, Quận 12, TP. Hồ Chí Minh', 'Vũ Thị Mỹ Yến', '028 3715 6657', 385, 3, 27, 14),
    S('MN-VANHKHUYEN', 'Trường Mầm non Vành Khuyên', 'MN Vành Khuyên', 'MN', 'public', 'Đông Hưng Thuận',
      '82 đường Đông Hưng Thuận 31, phường Đông Hưng Thuận, Quận 12, TP. Hồ Chí Minh', 'Phạm Thị Hạnh', '028 3718 6230', 525, 3, 39, 9),
    S('MN-TUOINGOC', 'Trường Mầm non Tuổi Ngọc', 'MN Tuổi Ngọc', 'MN', 'public', 'Thạnh Xuân',
      '84/39 đường Thạnh Xuân 52, phường Thạnh Xuân, Quận 12, TP. Hồ Chí Minh', 'Lê Thị Mỹ Liên', '028 3719 3316', 425, 3, 31, 13),
    S('MN-BONGSEN', 'Trường Mầm non Bông Sen', 'MN Bông Sen', 'MN', 'public', 'Thới An',
      '91/30 đường Thới An 13, phường Thới An, Quận 12, TP. Hồ Chí Minh', 'Lý Tấn Tuấn', '028 3711 3846', 260, 3, 17, 15),
    S('MN-HOAHONG', 'Trường Mầm non Hoa Hồng', 'MN Hoa Hồng', 'MN', 'public', 'Trung Mỹ Tây',
      '90 đường Trung Mỹ Tây 13, phường Trung Mỹ Tây, Quận 12, TP. Hồ Chí Minh', 'Trương Thị Thu Liên', '028 3718 8143', 525, 3, 36, 9),
    S('MN-HUONGDUONG', 'Trường Mầm non Hướng Dương', 'MN Hướng Dương', 'MN', 'public', 'Tân Thới Hiệp',
      '82/9A đường Tân Thới Hiệp 21, phường Tân Thới Hiệp, Quận 12, TP. Hồ Chí Minh', 'Lê Thị Ngọc Thư', '028 3716 3885', 585, 3, 40, 13),
    S('MN-THONGOC', 'Trường Mầm non Thỏ Ngọc', 'MN Thỏ Ngọc', 'MN', 'public', 'Tân Hưng Thuận',
      '90/3 đường Tân Hưng Thuận 05, phường Tân Hưng Thuận, Quận 12, TP. Hồ Chí Minh', 'Tô Tấn Tuấn', '028 3711 4760', 295, 3, 23, 10),
    S('MN-BENGOAN', 'Trường Mầm non Bé Ngoan', 'MN Bé Ngoan', 'MN', 'public', 'An Phú Đông',
      '233 đường An Phú Đông 03, phường An Phú Đông, Quận 12, TP. Hồ Chí Minh', 'Lý Thị Minh Nga', '028 3712 2421', 340, 3, 26, 9),
    S('MN-ANHSAO', 'Trường Mầm non Ánh Sao', 'MN Ánh Sao', 'MN', 'public', 'Thạnh Lộc',
      '90/1A đường Thạnh Lộc 41, phường Thạnh Lộc, Quận 12, TP. Hồ Chí Minh', 'Lê Kim Trinh', '028 3715 1007', 335, 3, 23, 8),
    S('MN-THANHLOC', 'Trường Mầm non Thạnh Lộc', 'MN Thạnh Lộc', 'MN', 'public', 'Thạnh Lộc',
      '96/20A đường Hà Huy Giáp, phường Thạnh Lộc, Quận 12, TP. Hồ Chí Minh', 'Lê Thị Bích Loan', '028 3717 4050', 560, 3, 40, 12),
    S('MN-APD', 'Trường Mầm non An Phú Đông', 'MN An Phú Đông', 'MN', 'public', 'An Phú Đông',
      '57/14 đường An Phú Đông 27, phường An Phú Đông, Quận 12, TP. Hồ Chí Minh', 'Trương Thị Minh Trang', '028 3713 3627', 455, 3, 33, 11),
    S('MN-HIEPTHANH', 'Trường Mầm non Hiệp Thành', 'MN Hiệp Thành', 'MN', 'public', 'Hiệp Thành',
      '25/11A đường Lê Văn Khương, phường Hiệp Thành, Quận 12, TP. Hồ Chí Minh', 'Phạm Kim Hằng', '028 3710 4509', 555, 3, 41, 15),
    S('MN-TCH', 'Trường Mầm non Tân Chánh Hiệp', 'MN Tân Chánh Hiệp', 'MN', 'public', 'Tân Chánh Hiệp',
      '75/11A đường Tô Ký, phường Tân Chánh Hiệp, Quận 12, TP. Hồ Chí Minh', 'Huỳnh Tấn Phong', '028 3713 2761', 535, 3, 36, 10),
    S('MN-THOIAN', 'Trường Mầm non Thới An', 'MN Thới An', 'MN', 'public', 'Thới An',
      '111/22 đường Lê Thị Riêng, phường Thới An, Quận 12, TP. Hồ Chí Minh', 'Châu Thanh Hằng', '028 3717 6346', 360, 3, 23, 9),
    S('MN-THANHXUAN', 'Trường Mầm non Thạnh Xuân', 'MN Thạnh Xuân', 'MN', 'public', 'Thạnh Xuân',
      '94 đường Thạnh Xuân 13, phường Thạnh Xuân, Quận 12, TP. Hồ Chí Minh', 'Nguyễn Thị Thu Dung', '028 3711 6203', 605, 3, 45, 10),
    S('MN-TMT', 'Trường Mầm non Trung Mỹ Tây', 'MN Trung Mỹ Tây', 'MN', 'public', 'Trung Mỹ Tây',
      '65/4A đường Trung Mỹ Tây 13, phường Trung Mỹ Tây, Quận 12, TP. Hồ Chí Minh', 'Huỳnh Ngọc Nhung', '028 3712 4783', 260, 3, 20, 9),
    S('MN-TTN', 'Trường Mầm non Tân Thới Nhất', 'MN Tân Thới Nhất', 'MN', 'public', 'Tân Thới Nhất',
      '62/15A đường Tân Thới Nhất 08, phường Tân Thới Nhất, Quận 12, TP. Hồ Chí Minh', 'Châu Thị Bích Dung', '028 3718 5781', 435, 3, 33, 13),
    S('MN-DHT', 'Trường Mầm non Đông Hưng Thuận', 'MN Đông Hưng Thuận', 'MN', 'public', 'Đông Hưng Thuận',
      '15/26 đường Đông Hưng Thuận 31, phường Đông Hưng Thuận, Quận 12, TP. Hồ Chí Minh', 'Phạm Thị Ngọc Quyên', '028 3715 4717', 525, 3, 38, 12),
    S('MN-THT', 'Trường Mầm non Tân Hưng Thuận', 'MN Tân Hưng Thuận', 'MN', 'public', 'Tân Hưng Thuận',
      '246 đường Tân Hưng Thuận 05, phường Tân Hưng Thuận, Quận 12, TP. Hồ Chí Minh', 'Châu Thị Bích Loan', '028 3714 7775', 590, 3, 41, 13),
    S('MN-TTH', 'Trường Mầm non Tân Thới Hiệp', 'MN Tân Thới Hiệp', 'MN', 'public', 'Tân Thới Hiệp',
      '177 đường Tân Thới Hiệp 21, phường Tân Thới Hiệp, Quận 12, TP. Hồ Chí Minh', 'Huỳnh Thị Thu Dung', '028 3718 7380', 440, 3, 30, 15),
    S('MN-TT-THIENTHAN', 'Trường Mầm non tư thục Thiên Thần Nhỏ', 'MN tư thục Thiên Thần Nhỏ', 'MN', 'non_public', 'Hiệp Thành',
      '92/13A đường Hiệp Thành 13, phường Hiệp Thành, Quận 12, TP. Hồ Chí Minh', 'Tô Thị Kim Thảo', '0966 295 885', 80, 2, 5, 8),
    S('MN-TT-NGOISAO', 'Trường Mầm non tư thục Ngôi Sao Xanh', 'MN tư thục Ngôi Sao Xanh', 'MN', 'non_public', 'Tân Chánh Hiệp',
      '172 đường Tân Chánh Hiệp 18, phường Tân Chánh Hiệp, Quận 12, TP. Hồ Chí Minh', 'Hồ Thị Thu Hương', '0972 202 707', 145, 1, 14, 7),
    S('MN-TT-HOACUC', 'Trường Mầm non tư thục Hoa Cúc Vàng', 'MN tư thục Hoa Cúc Vàng', 'MN', 'non_public', 'Thạnh Xuân',
      '97/38 đường Thạnh Xuân 13, phường Thạnh Xuân, Quận 12, TP. Hồ Chí Minh', 'Trần Thị Minh Thư', '0962 233 446', 190, 2, 16, 7),
    S('MN-TT-BUPSEN', 'Trường Mầm non tư thục Búp Sen Hồng', 'MN tư thục Búp Sen Hồng', 'MN', 'non_public', 'Thới An',
      '58/5A đường Lê Thị Riêng, phường Thới An, Quận 12, TP. Hồ Chí Minh', 'Ngô Thị Thu Loan', '0983 819 538', 230, 1, 19, 4),
    S('MN-TT-MATTROI', 'Trường Mầm non tư thục Mặt Trời Bé Thơ', 'MN tư thục Mặt Trời Bé Thơ', 'MN', 'non_public', 'Đông Hưng Thuận',
      '4/40 đường Đông Hưng Thuận 02, phường Đông Hưng Thuận, Quận 12, TP. Hồ Chí Minh', 'Nguyễn Thanh Trang', '0946 572 455', 150, 2, 14, 7),
    S('MN-TT-VIETMY', 'Trường Mầm non tư thục Việt Mỹ', 'MN tư thục Việt Mỹ', 'MN', 'non_public', 'Trung Mỹ Tây',
      '33/13A đường Tô Ký, phường Trung Mỹ Tây, Quận 12, TP. Hồ Chí Minh', 'Đinh Thị Mỹ Oanh', '0976 261 166', 220, 2, 18, 4),
    S('MN-TT-VUONXANH', 'Trường Mầm non tư thục Vườn Xanh', 'MN tư thục Vườn Xanh', 'MN', 'non_public', 'Tân Thới Nhất',
      '10/5A đường Trường Chinh, phường Tân Thới Nhất, Quận 12, TP. Hồ Chí Minh', 'Nguyễn Thị Thu Quyên', '0912 787 591', 205, 1, 17, 8),
    S('MN-TT-CANHDIEU', 'Trường Mầm non tư thục Cánh Diều', 'MN tư thục Cánh Diều', 'MN', 'non_public', 'An Phú Đông',
      '72/10A đường An Phú Đông 09, phường An Phú Đông, Quận 12, TP. Hồ Chí Minh', 'Lê Thị Bích Nhàn', '0988 829 351', 155, 2, 13, 5),
    S('TH-LVT', 'Trường Tiểu học Lê Văn Thọ', 'TH Lê Văn Thọ', 'TH', 'public', 'Tân Thới Nhất',
      '80/35 đường Phan Văn Hớn, phường Tân Thới Nhất, Quận 12, TP. Hồ Chí Minh', 'Nguyễn Thị Mỹ Hà', '028 3719 6177', 2050, 3, 69, 14),
    S('TH-ND', 'Trường Tiểu học Nguyễn Du', 'TH Nguyễn Du', 'TH', 'public', 'Hiệp Thành',
      '22/16A đường Hiệp Thành 45, phường Hiệp Thành, Quận 12, TP. Hồ Chí Minh', 'Nguyễn Ngọc Loan', '028 3712 3200', 2180, 3, 79, 15),
    S('TH-VTS', 'Trường Tiểu học Võ Thị Sáu', 'TH Võ Thị Sáu', 'TH', 'public', 'Tân Chánh Hiệp',
      '32/8 đường Dương Thị Mười, phường Tân Chánh Hiệp, Quận 12, TP. Hồ Chí Minh', 'Tô Thị Bích Mai', '028 3718 7779', 2850, 4, 98, 12),
    S('TH-TQC', 'Trường Tiểu học Trần Quang Cơ', 'TH Trần Quang Cơ', 'TH', 'public', 'Thới An',
      '87/27 đường Lê Văn Khương, phường Thới An, Quận 12, TP. Hồ Chí Minh', 'Phạm Thị Trinh', '028 3717 9610', 1440, 4, 47, 15),
    S('TH-HVT', 'Trường Tiểu học Hồ Văn Thanh', 'TH Hồ Văn Thanh', 'TH', 'public', 'Thạnh Xuân',
      '42/31 đường Thạnh Xuân 52, phường Thạnh Xuân, Quận 12, TP. Hồ Chí Minh', 'Vũ Hữu Thịnh', '028 3716 7147', 2530, 4, 85, 10),
    S('TH-KD', 'Trường Tiểu học Kim Đồng', 'TH Kim Đồng', 'TH', 'public', 'Tân Hưng Thuận',
      '220 đường Nguyễn Văn Quá, phường Tân Hưng Thuận, Quận 12, TP. Hồ Chí Minh', 'Nguyễn Thị Thu Lan', '028 3711 6475', 1660, 3, 57, 18),
    S('TH-NTMK', 'Trường Tiểu học Nguyễn Thị Minh Khai', 'TH Nguyễn Thị Minh Khai', 'TH', 'public', 'Đông Hưng Thuận',
      '10/10 đường Đông Hưng Thuận 10, phường Đông Hưng Thuận, Quận 12, TP. Hồ Chí Minh', 'Phan Kim Nga', '028 3711 6901', 1890, 3, 68, 17),
    S('TH-TK', 'Trường Tiểu học Thuận Kiều', 'TH Thuận Kiều', 'TH', 'public', 'Tân Thới Hiệp',
      '32/3 đường Nguyễn Ảnh Thủ, phường Tân Thới Hiệp, Quận 12, TP. Hồ Chí Minh', 'Nguyễn Thanh Dung', '028 3715 8187', 1390, 3, 47, 15),
    S('TH-HHG', 'Trường Tiểu học Hà Huy Giáp', 'TH Hà Huy Giáp', 'TH', 'public', 'Thạnh Lộc',
      '68/3A đường Hà Huy Giáp, phường Thạnh Lộc, Quận 12, TP. Hồ Chí Minh', 'Nguyễn Thị Thanh Nga', '028 3717 4440', 1750, 3, 64, 16),
    S('TH-LVV', 'Trường Tiểu học Lê Văn Việt', 'TH Lê Văn Việt', 'TH', 'public', 'Trung Mỹ Tây',
      '77/13A đường Tô Ký, phường Trung Mỹ Tây, Quận 12, TP. Hồ Chí Minh', 'Châu Thị Bích Trinh', '028 3712 4972', 2170, 3, 73, 17),
    S('TH-PVC', 'Trường Tiểu học Phạm Văn Chiêu', 'TH Phạm Văn Chiêu', 'TH', 'public', 'Tân Chánh Hiệp',
      '45/14A đường Tô Ký, phường Tân Chánh Hiệp, Quận 12, TP. Hồ Chí Minh', 'Phạm Tấn Hiếu', '028 3716 3584', 2230, 4, 80, 11),
    S('TH-QT', 'Trường Tiểu học Quang Trung', 'TH Quang Trung', 'TH', 'public', 'Đông Hưng Thuận',
      '140 đường Đông Hưng Thuận 10, phường Đông Hưng Thuận, Quận 12, TP. Hồ Chí Minh', 'Phan Minh Trí', '028 3717 3009', 2730, 3, 93, 18),
    S('TH-NTR', 'Trường Tiểu học Nguyễn Trãi', 'TH Nguyễn Trãi', 'TH', 'public', 'An Phú Đông',
      '59/7 đường An Phú Đông 03, phường An Phú Đông, Quận 12, TP. Hồ Chí Minh', 'Vũ Thị Hồng Hoa', '028 3716 8173', 2490, 4, 87, 18),
    S('TH-TVO', 'Trường Tiểu học Trần Văn Ơn', 'TH Trần Văn Ơn', 'TH', 'public', 'Thới An',
      '216 đường Lê Thị Riêng, phường Thới An, Quận 12, TP. Hồ Chí Minh', 'Tô Kim Vân', '028 3710 6007', 1660, 4, 57, 13),
    S('TH-NK', 'Trường Tiểu học Nguyễn Khuyến', 'TH Nguyễn Khuyến', 'TH', 'public', 'Hiệp Thành',
      '54/17A đường Hiệp Thành 45, phường Hiệp Thành, Quận 12, TP. Hồ Chí Minh', 'Lâm Kim Tuyết', '028 3715 1269', 2830, 3, 101, 13),
    S('TH-LLQ', 'Trường Tiểu học Lạc Long Quân', 'TH Lạc Long Quân', 'TH', 'public', 'Tân Thới Hiệp',
      '73 đường Nguyễn Ảnh Thủ, phường Tân Thới Hiệp, Quận 12, TP. Hồ Chí Minh', 'Dương Ngọc Tuyết', '028 3714 9230', 2120, 3, 72, 13),
    S('TH-TD', 'Trường Tiểu học Trương Định', 'TH Trương Định', 'TH', 'public', 'Tân Hưng Thuận',
      '14/19A đường Nguyễn Văn Quá, phường Tân Hưng Thuận, Quận 12, TP. Hồ Chí Minh', 'Lê Thị Kim Hương', '028 3714 7531', 1630, 4, 57, 15),
    S('TH-PCT', 'Trường Tiểu học Phan Chu Trinh', 'TH Phan Chu Trinh', 'TH', 'public', 'Thạnh Xuân',
      '24/29 đường Thạnh Xuân 52, phường Thạnh Xuân, Quận 12, TP. Hồ Chí Minh', 'Tô Thị Lan', '028 3716 5670', 1680, 3, 54, 11),
    S('TH-VVT', 'Trường Tiểu học Võ Văn Tần', 'TH Võ Văn Tần', 'TH', 'public', 'Trung Mỹ Tây',
      '163 đường Trung Mỹ Tây 13, phường Trung Mỹ Tây, Quận 12, TP. Hồ Chí Minh', 'Tô Thị Thanh Nhung', '028 3713 9429', 2420, 3, 87, 13),
    S('TH-DBL', 'Trường Tiểu học Đinh Bộ Lĩnh', 'TH Đinh Bộ Lĩnh', 'TH', 'public', 'An Phú Đông',
      '79 đường Vườn Lài, phường An Phú Đông, Quận 12, TP. Hồ Chí Minh', 'Cao Thị Minh Oanh', '028 3717 7073', 2060, 4, 71, 17),
    S('TH-TT-SAOVIET', 'Trường Tiểu học tư thục Sao Việt', 'TH tư thục Sao Việt', 'TH', 'non_public', 'Tân Chánh Hiệp',
      '30/8A đường Tân Chánh Hiệp 10, phường Tân Chánh Hiệp, Quận 12, TP. Hồ Chí Minh', 'Vũ Kim Dung', '0963 989 462', 780, 2, 35, 7),
    S('TH-TT-ANHDUONG', 'Trường Tiểu học tư thục Ánh Dương', 'TH tư thục Ánh Dương', 'TH', 'non_public', 'Thạnh Xuân',
      '99 đường Thạnh Xuân 25, phường Thạnh Xuân, Quận 12, TP. Hồ Chí Minh', 'Trần Thị Minh Hoa', '0994 608 448', 720, 2, 32, 9),
    S('THCS-NAT', 'Trường THCS Nguyễn Ảnh Thủ', 'THCS Nguyễn Ảnh Thủ', 'THCS', 'public', 'Hiệp Thành',
      '28/4 đường Nguyễn Ảnh Thủ, phường Hiệp Thành, Quận 12, TP. Hồ Chí Minh', 'Võ Thanh Mai', '028 3713 1135', 2770, 3, 113, 14),
    S('THCS-PBC', 'Trường THCS Phan Bội Châu', 'THCS Phan Bội Châu', 'THCS', 'public', 'Tân Thới Nhất',
      '76/6A đường Trường Chinh, phường Tân Thới Nhất, Quận 12, TP. Hồ Chí Minh', 'Nguyễn Kim Thư', '028 3710 8389', 2950, 4, 124, 17),
    S('THCS-TQK', 'Trường THCS Trần Quang Khải', 'THCS Trần Quang Khải', 'THCS', 'public', 'Tân Chánh Hiệp',
      '11/12 đường Dương Thị Mười, phường Tân Chánh Hiệp, Quận 12, TP. Hồ Chí Minh', 'Trần Tấn Khánh', '028 3711 7042', 2570, 3, 104, 17),
    S('THCS-NTT', 'Trường THCS Nguyễn Trung Trực', 'THCS Nguyễn Trung Trực', 'THCS', 'public', 'Thới An',
      '49/24 đường Lê Thị Riêng, phường Thới An, Quận 12, TP. Hồ Chí Minh', 'Tạ Trọng Trí', '028 3719 2311', 1870, 3, 78, 13),
    S('THCS-NCT', 'Trường THCS Nguyễn Chí Thanh', 'THCS Nguyễn Chí Thanh', 'THCS', 'public', 'Tân Hưng Thuận',
      '1/31 đường Tân Hưng Thuận 05, phường Tân Hưng Thuận, Quận 12, TP. Hồ Chí Minh', 'Nguyễn Thị Hạnh', '028 3710 9038', 1430, 3, 64, 14),
    S('THCS-LTV', 'Trường THCS Lương Thế Vinh', 'THCS Lương Thế Vinh', 'THCS', 'public', 'Thạnh Xuân',
      '130 đường Thạnh Xuân 25, phường Thạnh Xuân, Quận 12, TP. Hồ Chí Minh', 'Nguyễn Minh Hùng', '028 3711 9012', 1430, 4, 60, 17),
    S('THCS-APD', 'Trường THCS An Phú Đông', 'THCS An Phú Đông', 'THCS', 'public', 'An Phú Đông',
      '196 đường Vườn Lài, phường An Phú Đông, Quận 12, TP. Hồ Chí Minh', 'Tô Ngọc Hương', '028 3710 2035', 2170, 3, 88, 11),
    S('THCS-HHT', 'Trường THCS Hà Huy Tập', 'THCS Hà Huy Tập', 'THCS', 'public', 'Tân Thới Hiệp',
      '94/4A đường Tân Thới Hiệp 21, phường Tân Thới Hiệp, Quận 12, TP. Hồ Chí Minh', 'Bùi Anh Khánh', '028 3710 8861', 2510, 4, 102, 17),
    S('THCS-NH', 'Trường THCS Nguyễn Hiền', 'THCS Nguyễn Hiền', 'THCS', 'public', 'Thạnh Lộc',
      '19/13 đường Thạnh Lộc 15, phường Thạnh Lộc, Quận 12, TP. Hồ Chí Minh', 'Vũ Ngọc Long', '028 3713 4456', 1420, 4, 64, 15),
    S('THCS-NVN', 'Trường THCS Nguyễn Vĩnh Nghiệp', 'THCS Nguyễn Vĩnh Nghiệp', 'THCS', 'public', 'Trung Mỹ Tây',
      '56/1A đường Nguyễn Ảnh Thủ, phường Trung Mỹ Tây, Quận 12, TP. Hồ Chí Minh', 'Châu Văn Hùng', '028 3714 6311', 1630, 4, 67, 18),
    S('THCS-THD', 'Trường THCS Trần Hưng Đạo', 'THCS Trần Hưng Đạo', 'THCS', 'public', 'Đông Hưng Thuận',
      '39/34 đường Nguyễn Văn Quá, phường Đông Hưng Thuận, Quận 12, TP. Hồ Chí Minh', 'Tô Thanh Loan', '028 3713 8946', 2930, 3, 119, 12),
    S('THCS-NHUE', 'Trường THCS Nguyễn Huệ', 'THCS Nguyễn Huệ', 'THCS', 'public', 'Tân Thới Nhất',
      '91/4 đường Trường Chinh, phường Tân Thới Nhất, Quận 12, TP. Hồ Chí Minh', 'Huỳnh Ngọc Mai', '028 3717 8142', 1950, 3, 85, 11),
    S('THCS-NAN', 'Trường THCS Nguyễn An Ninh', 'THCS Nguyễn An Ninh', 'THCS', 'public', 'Tân Chánh Hiệp',
      '69/12A đường Tân Chánh Hiệp 10, phường Tân Chánh Hiệp, Quận 12, TP. Hồ Chí Minh', 'Bùi Thị Ngọc Quyên', '028 3712 1595', 2300, 4, 93, 16),
    S('THCS-LTT', 'Trường THCS Lý Tự Trọng', 'THCS Lý Tự Trọng', 'THCS', 'public', 'Thạnh Xuân',
      '61/20A đường Thạnh Xuân 52, phường Thạnh Xuân, Quận 12, TP. Hồ Chí Minh', 'Trần Hữu Vinh', '028 3711 6745', 2380, 4, 97, 15),
    S('THCS-TLOC', 'Trường THCS Thạnh Lộc', 'THCS Thạnh Lộc', 'THCS', 'public', 'Thạnh Lộc',
      '119 đường Thạnh Lộc 41, phường Thạnh Lộc, Quận 12, TP. Hồ Chí Minh', 'Vũ Ngọc Trí', '028 3717 4467', 1320, 3, 53, 12),
    S('THCS-TT-ANHSANG', 'Trường THCS tư thục Ánh Sáng', 'THCS tư thục Ánh Sáng', 'THCS', 'non_public', 'Tân Thới Nhất',
      '90 đường Phan Văn Hớn, phường Tân Thới Nhất, Quận 12, TP. Hồ Chí Minh', 'Nguyễn Thị Thanh Nhàn', '0912 891 482', 360, 2, 18, 10),]

# The two affiliated units (ĐVTN): kind "affiliated", level "DVTN".
AFFILIATED = [
    S("DVTN-GDNN-GDTX", "Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên Quận 12", "TT GDNN-GDTX Quận 12",
      "DVTN", "public", "Tân Chánh Hiệp",
      "87 đường Tô Ký, phường Tân Chánh Hiệp, Quận 12, TP. Hồ Chí Minh", "Lê Quốc Thịnh", "028 3883 2140",
      960, 3, 42, 12),
    S("DVTN-HTGDHN", "Trung tâm hỗ trợ phát triển giáo dục hòa nhập Quận 12", "TT hỗ trợ GD hòa nhập Quận 12",
      "DVTN", "public", "Đông Hưng Thuận",
      "25 đường Nguyễn Văn Quá, phường Đông Hưng Thuận, Quận 12, TP. Hồ Chí Minh", "Trần Thị Hồng Nhung",
      "028 3719 0512", 64, 2, 15, 6),
]
# fmt: on

# ── People ─────────────────────────────────────────────────────────────────────────────────────────

# Name parts for the people the loader makes up (coordinators, registry rows).
FAMILY_NAMES = [
    "Nguyễn",
    "Nguyễn",
    "Nguyễn",
    "Trần",
    "Trần",
    "Lê",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Hoàng",
    "Võ",
    "Phan",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Trương",
    "Đinh",
    "Lâm",
    "Mai",
    "Tô",
    "Vũ",
]
FEMALE_MIDDLE = [
    "Thị",
    "Thị Thanh",
    "Thị Kim",
    "Thị Ngọc",
    "Thị Thu",
    "Thị Mỹ",
    "Ngọc",
    "Thanh",
    "Thị Hồng",
    "Thị Bích",
    "Thị Minh",
]
MALE_MIDDLE = ["Văn", "Minh", "Quốc", "Thanh", "Hữu", "Đức", "Hoàng", "Công", "Anh", "Tấn", "Trọng"]
FEMALE_GIVEN = [
    "Hà",
    "Lan",
    "Hương",
    "Thảo",
    "Trang",
    "Nga",
    "Loan",
    "Dung",
    "Hạnh",
    "Tuyết",
    "Phượng",
    "Vân",
    "Yến",
    "Hằng",
    "Thủy",
    "Liên",
    "Oanh",
    "Nhung",
    "Hoa",
    "Mai",
    "Xuân",
    "Diễm",
    "Trinh",
    "Quyên",
]
MALE_GIVEN = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Hải",
    "Long",
    "Phong",
    "Sơn",
    "Nam",
    "Khoa",
    "Bình",
    "Thắng",
    "Trí",
    "Tâm",
    "Hiếu",
    "Quang",
    "Vinh",
    "Lộc",
    "Tài",
    "Đạt",
    "Khánh",
    "Thịnh",
    "Phúc",
]


class DemoUser(NamedTuple):
    username: str
    full_name: str  # "" for a principal: the head named on the school's record
    role: str  # Role value
    scope: str  # code of the unit the role covers
    home: str = ""  # code of the user's own unit when it is not the scope (a specialist's team)
    team: str = ""  # code of a specialist's team
    is_staff: bool = False  # may open the Django admin


# The accounts of the README (BRIEF §2, issue 2 §3), then one specialist for every other team so that
# each team's work is reviewed by its own people. Every other school gets `ht-<code>` (its head) and
# `pt-<code>` (its coordinator), made by the loader.
DEMO_USERS = [
    DemoUser("demo-admin", "Trần Minh Quân", "admin", "PGDDT-Q12", is_staff=True),
    DemoUser("demo-leader", "Phạm Thị Thu Hà", "leader", "PGDDT-Q12"),
    DemoUser("demo-specialist", "Nguyễn Văn Thành", "specialist", "PGDDT-Q12", home="TO-PT", team="TO-PT"),
    DemoUser("demo-principal-a", "", "principal", SCHOOL_A),
    DemoUser("demo-coordinator-a", "Lê Thị Ngọc Trâm", "coordinator", SCHOOL_A),
    DemoUser("demo-principal-b", "", "principal", SCHOOL_B),
    DemoUser("demo-teacher-a", "Võ Minh Khang", "teacher", SCHOOL_A),
    DemoUser("demo-partner", "Huỳnh Quốc Bảo", "partner", "PKT-Q12"),
    DemoUser("demo-observer", "Đặng Thị Mai Anh", "observer", "UBND-Q12"),
    DemoUser("cv-to-mn", "Lâm Thị Bích Ngọc", "specialist", "PGDDT-Q12", home="TO-MN", team="TO-MN"),
    DemoUser("cv-to-hcth", "Đỗ Thanh Tùng", "specialist", "PGDDT-Q12", home="TO-HCTH", team="TO-HCTH"),
    DemoUser("cv-bp-tdkt", "Ngô Thị Kim Oanh", "specialist", "PGDDT-Q12", home="BP-TDKT", team="BP-TDKT"),
    DemoUser("cv-bp-dd", "Bùi Quốc Huy", "specialist", "PGDDT-Q12", home="BP-DD", team="BP-DD"),
]
README_USERNAMES = [u.username for u in DEMO_USERS if u.username.startswith("demo-")]

# A few rows of the staff and student registries for schools A and B:
# (school, full name or "" for the user's name, group, subject, position, username of the linked account)
STAFF = [
    (SCHOOL_A, "", "CBQL", "", "Hiệu trưởng", "demo-principal-a"),
    (SCHOOL_A, "Phan Quốc Trung", "CBQL", "Toán", "Phó Hiệu trưởng", ""),
    (
        SCHOOL_A,
        "",
        "GV",
        "Vật lý",
        "Tổ trưởng tổ Khoa học tự nhiên, phụ trách KH, CN và ĐMST",
        "demo-coordinator-a",
    ),
    (SCHOOL_A, "", "GV", "Tin học", "Giáo viên", "demo-teacher-a"),
    (SCHOOL_A, "Trương Thị Mỹ Linh", "GV", "Sinh học", "Giáo viên", ""),
    (SCHOOL_A, "Hồ Văn Tài", "GV", "Công nghệ", "Giáo viên, cố vấn câu lạc bộ STEM", ""),
    (SCHOOL_A, "Nguyễn Ngọc Bảo Trân", "GV", "Ngữ văn", "Tổng phụ trách Đội", ""),
    (SCHOOL_A, "Lý Thanh Phong", "NV", "", "Nhân viên thiết bị – thí nghiệm", ""),
    (SCHOOL_A, "Mai Thị Thu Sương", "NV", "", "Nhân viên thư viện", ""),
    (SCHOOL_B, "", "CBQL", "", "Hiệu trưởng", "demo-principal-b"),
    (SCHOOL_B, "Dương Văn Lợi", "CBQL", "", "Phó Hiệu trưởng", ""),
    (SCHOOL_B, "", "GV", "", "Giáo viên chủ nhiệm lớp 5, phụ trách KH, CN và ĐMST", "pt-th-lvt"),
    (SCHOOL_B, "Lê Thị Cẩm Tú", "GV", "Tin học", "Giáo viên", ""),
    (SCHOOL_B, "Vũ Hoàng Nam", "GV", "Khoa học", "Giáo viên", ""),
    (SCHOOL_B, "Đinh Thị Hồng Nhạn", "NV", "", "Nhân viên văn thư", ""),
]
# (school, full name, grade, class): a minor's record holds nothing more (BRIEF §6).
STUDENTS = [
    (SCHOOL_A, "Nguyễn Minh Khôi", 6, "6A3"),
    (SCHOOL_A, "Trần Bảo Ngọc", 6, "6A3"),
    (SCHOOL_A, "Lê Gia Huy", 7, "7A1"),
    (SCHOOL_A, "Phạm Thảo Vy", 7, "7A1"),
    (SCHOOL_A, "Huỳnh Đức Anh", 8, "8A2"),
    (SCHOOL_A, "Võ Ngọc Hân", 8, "8A2"),
    (SCHOOL_A, "Đặng Quốc Bảo", 8, "8A5"),
    (SCHOOL_A, "Bùi Khánh Linh", 9, "9A1"),
    (SCHOOL_A, "Hồ Tấn Phát", 9, "9A1"),
    (SCHOOL_A, "Ngô Phương Anh", 9, "9A4"),
    (SCHOOL_B, "Dương Minh Nhật", 3, "3A1"),
    (SCHOOL_B, "Lý Ngọc Diệp", 3, "3A1"),
    (SCHOOL_B, "Trương Gia Bảo", 4, "4A2"),
    (SCHOOL_B, "Mai Anh Thư", 4, "4A2"),
    (SCHOOL_B, "Tô Hoàng Long", 5, "5A3"),
    (SCHOOL_B, "Vũ Khánh An", 5, "5A3"),
    (SCHOOL_B, "Nguyễn Thị Tường Vi", 5, "5A1"),
    (SCHOOL_B, "Trần Đăng Khoa", 5, "5A1"),
]

# ── The plan 454/KH-GDĐT ───────────────────────────────────────────────────────────────────────────

PLAN = {
    "number": "454/KH-GDĐT",
    "issued_on": D(2023, 10, 30),
    "place": "Quận 12",
    "year": 2024,
    "title": (
        "Tổ chức thực hiện hoạt động khoa học, công nghệ và đổi mới sáng tạo trong ngành Giáo dục và Đào tạo "
        "Quận 12 năm 2024"
    ),
    "preamble": (
        "Phòng Giáo dục và Đào tạo Quận 12 xây dựng Kế hoạch tổ chức thực hiện hoạt động khoa học, công nghệ và "
        "đổi mới sáng tạo trong ngành Giáo dục và Đào tạo Quận 12 năm 2024, cụ thể như sau:"
    ),
    "closing": (
        "Trên đây là Kế hoạch tổ chức thực hiện hoạt động khoa học công nghệ và đổi mới sáng tạo trong ngành Giáo "
        "dục và Đào tạo Quận 12 năm 2024 của phòng Giáo dục và Đào tạo Quận 12; đề nghị các đơn vị, cá nhân liên "
        "quan nghiêm túc cùng phối hợp và hỗ trợ thực hiện kế hoạch này."
    ),
    "signer_name": "Khuê Mạnh Hùng",
    "signer_title": "TRƯỞNG PHÒNG",
}
BASES = [
    "Căn cứ Kế hoạch số 6735/KH-UBND-KT ngày 27 tháng 9 năm 2023 của Ủy ban nhân dân Quận 12 về thực hiện hoạt "
    "động khoa học, công nghệ và đổi mới sáng tạo trên địa bàn Quận 12 năm 2024.",
]
# "Nơi nhận": (label as written, purpose, code of the unit or "" for a group written as text)
RECIPIENTS = [
    ("UBND Q.12", "report", "UBND-Q12"),
    ("Phòng Kinh tế", "cooperate", "PKT-Q12"),
    ("Phòng Tài nguyên môi trường", "cooperate", "PTNMT-Q12"),
    ("Các trường MN, TH, THCS và ĐVTN", "implement", ""),
    ("Lưu: VT, PT (P)", "archive", ""),
]

START = D(2023, 11, 1)
MID = D(2024, 1, 15)  # the semester-I deadline
END = D(2024, 5, 31)


def section(number, title, children):
    return {"kind": "section", "number": number, "title": title, "children": children}


def task(
    number, title, description, *, lead, partners=(), levels=ALL_LEVELS, end=END, output="", children=()
):
    """`levels=None`: the office's own duty, no school receives an assignment."""
    return {
        "kind": "task",
        "number": number,
        "title": title,
        "description": description,
        "lead": lead,
        "partners": list(partners),
        "levels": levels,
        "start": START,
        "end": end,
        "output": output,
        "children": list(children),
    }


# Every paragraph and bullet of sections I, II and III is a task. Sections I and II name no team, so
# their tasks go to the team that section III makes responsible for the same work: clubs, training and
# STEM → Tổ Phổ thông (with Tổ Mầm non, "Tổ Mầm non, Phổ thông"); communication and green school →
# Tổ Hành chính tổng hợp; the innovation movement and honours → Bộ phận Thi đua – Khen thưởng; events
# and contests with Quận đoàn → Bộ phận Đoàn – Đội.
TASKS = [
    section(
        "I",
        "MỤC ĐÍCH, YÊU CẦU",
        [
            task(
                "I.1",
                "Thành lập câu lạc bộ đổi mới sáng tạo, đào tạo khởi nghiệp và tổ chức hội thi sáng tạo",
                "Phối hợp với phòng Kinh tế tổ chức tuyên truyền, giới thiệu tư vấn, thành lập Câu lạc bộ hoạt động đổi "
                "mới sáng tạo cho các trường học. Tổ chức đào tạo đổi mới sáng tạo và khởi nghiệp cho giáo viên, học sinh "
                "tại các trường tiểu học và trung học cơ sở. Tổ chức hội thi sáng tạo trong giáo dục, hình thành câu lạc "
                "bộ sáng tạo trong trường học.",
                lead="TO-PT",
                partners=["PKT-Q12", "TO-MN"],
                output="Quyết định thành lập câu lạc bộ đổi mới sáng tạo của trường; danh sách giáo viên, học sinh tham "
                "gia đào tạo khởi nghiệp; kết quả hội thi sáng tạo cấp trường.",
            ),
            task(
                "I.2",
                "Tuyên truyền chủ trương, chính sách, pháp luật về khoa học, công nghệ, đổi mới sáng tạo và khởi nghiệp",
                "Tổ chức tuyên truyền phô biến rộng rãi với các hình thức đa dạng, phong phú về chủ trương, chính sách "
                "pháp luật về khoa học, công nghệ đổi mới sáng tạo cho giáo viên và học sinh, khuyến khích tư duy đổi mới "
                "sáng tạo trang bị kiến thức, kỹ năng thực hành xã hội cho học sinh, nghiên cứu, đề xuất chính sách, "
                "chương trình đặc thù hỗ trợ, tạo điều kiện để giáo viên, học sinh tích cực tham gia các hoạt động khởi "
                "nghiệp.",
                lead="TO-HCTH",
                end=MID,
                output="Kế hoạch tuyên truyền của đơn vị; hình ảnh, tin bài về các buổi tuyên truyền cho giáo viên, "
                "học sinh.",
            ),
            task(
                "I.3",
                "Xây dựng câu lạc bộ, phong trào sáng kiến, sáng tạo; đẩy mạnh ứng dụng công nghệ số trong dạy học",
                "Chỉ đạo các trường học xây dựng các câu lạc bộ sáng kiến, sáng tạo hoặc các phong trào hoạt động sáng "
                "kiến, sáng tạo trong nhà trường, đẩy mạnh ứng công nghệ số, công nghệ thông tin trong công tác dạy học và "
                "bồi dưỡng kiến thức, kỹ năng hoạt động đổi mới sáng tạo về khởi nghiệp cho giáo viên và học sinh nhằm "
                "nâng cao hiệu quả chất lượng trường học trên địa bàn.",
                lead="TO-PT",
                partners=["PKT-Q12", "TO-MN"],
                output="Câu lạc bộ hoặc phong trào sáng kiến, sáng tạo của trường; báo cáo ứng dụng công nghệ số, công "
                "nghệ thông tin trong dạy học.",
            ),
            task(
                "I.4",
                "Đào tạo, thực hành theo chương trình STEM cho giáo viên, học sinh tiểu học và trung học cơ sở",
                "Tổ chức đào tạo, thực hành theo chương trình STEM, hướng dẫn cho giáo viên, học sinh ở các trường tiểu "
                "học và trung học cơ sở, đảm bảo đầy đủ các đối tượng tham gia.",
                lead="TO-PT",
                levels=TH_THCS,
                output="Kế hoạch giáo dục STEM của trường; danh sách giáo viên, học sinh tham gia theo từng đối tượng; "
                "bài học, sản phẩm STEM.",
            ),
            task(
                "I.5",
                "Tổng kết, đánh giá, tôn vinh tập thể, cá nhân xuất sắc trong phong trào sáng kiến, đổi mới sáng tạo",
                "Tổ chức tổng kết, đánh giá, tôn vinh các tập thể, cá nhân có thành tích xuất sắc trong phong trào sáng "
                "kiến, hoạt động đổi mới sáng tạo trong nhà trường.",
                lead="BP-TDKT",
                output="Báo cáo tổng kết của đơn vị; danh sách tập thể, cá nhân đề nghị tôn vinh, khen thưởng.",
            ),
        ],
    ),
    section(
        "II",
        "NỘI DUNG",
        [
            section(
                "1",
                "Nâng cao năng lực của đội ngũ cán bộ quản lý, giáo viên và nhân viên các trường",
                [
                    task(
                        "II.1.1",
                        "Tham gia các lớp bồi dưỡng về khoa học, công nghệ và đổi mới sáng tạo cho CBQL, giáo viên, nhân viên",
                        "Tham gia hoặc phối hợp cùng các đơn vị có liên quan để tổ chức các lớp bồi dưỡng, cập nhật kiến thức, "
                        "nâng cao trình độ, năng lực, nghiệp vụ về hoạt động khoa học, công nghệ và đổi mới sáng tạo cho đội "
                        "ngũ cán bộ quản lý, giáo viên và nhân viên các trường.",
                        lead="TO-PT",
                        partners=["PKT-Q12", "TO-MN"],
                        output="Danh sách cán bộ quản lý, giáo viên, nhân viên được cử tham gia bồi dưỡng; giấy chứng nhận "
                        "hoàn thành.",
                    ),
                    task(
                        "II.1.2",
                        "Tham gia hội thảo, tham quan chia sẻ kinh nghiệm ứng dụng khoa học công nghệ, đổi mới sáng tạo",
                        "Tham gia các hội thảo, tham quan chia sẻ kinh nghiệm về hoạt động thúc đẩy ứng dụng khoa học công "
                        "nghệ, đổi mới sáng tạo để nâng cao hiệu quả hoạt động của cơ quan, đơn vị.",
                        lead="TO-PT",
                        partners=["PKT-Q12"],
                        end=D(2024, 3, 31),
                        output="Danh sách người tham gia; bài thu hoạch, báo cáo chia sẻ kinh nghiệm.",
                    ),
                ],
            ),
            section(
                "2",
                "Công tác tuyên truyền về khoa học, công nghệ, đổi mới sáng tạo, khởi nghiệp",
                [
                    task(
                        "II.2.1",
                        "Truyền thông về khoa học và công nghệ bằng nhiều hình thức đa dạng, phong phú",
                        "Tổ chức thực hiện truyền thông liên quan đến lĩnh vực khoa học và công nghệ bằng nhiều hình thức đa "
                        "dạng, phong phú, cụ thể:",
                        lead="TO-HCTH",
                        levels=None,
                        output="Các hoạt động truyền thông nêu tại các nhiệm vụ dưới đây.",
                        children=[
                            task(
                                "II.2.1.a",
                                "Phổ biến chủ trương, chính sách, pháp luật và cẩm nang về khoa học và công nghệ đến các trường",
                                "Tuyên truyền, phổ biến rộng rãi các chủ trương, chính sách, quy định của pháp luật về lĩnh vực "
                                "khoa học và công nghệ, cung cấp các tài liệu, cảm nang pháp luật về lĩnh vực khoa học và công "
                                "nghệ đến các trường học và đơn vị trực thuộc.",
                                lead="TO-HCTH",
                                end=MID,
                                output="Xác nhận đã nhận và phổ biến văn bản, cẩm nang đến cán bộ, giáo viên, nhân viên.",
                            ),
                            task(
                                "II.2.1.b",
                                "Treo băng rôn tuyên truyền về khoa học và công nghệ",
                                "Treo băng rôn tuyên truyền với những chủ đề về khoa học và công nghệ liên quan.",
                                lead="TO-HCTH",
                                end=MID,
                                output="Hình ảnh băng rôn tại đơn vị.",
                            ),
                            task(
                                "II.2.1.c",
                                "Cung cấp tin, bài về khoa học và công nghệ cho cổng thông tin điện tử Quận 12",
                                "Phối hợp với công thông tin điện tử Quận 12 cung cấp tin, bài viết tuyên truyền về các hoạt "
                                "động có liên quan trong lĩnh vực khoa học và công nghệ.",
                                lead="TO-HCTH",
                                output="Đường dẫn các tin, bài đã đăng.",
                            ),
                        ],
                    ),
                    task(
                        "II.2.2",
                        "Hưởng ứng Ngày đổi mới sáng tạo, Ngày Khoa học và Công nghệ và các sự kiện do thành phố phát động",
                        "Tổ chức các hoạt động hưởng ứng Ngày đổi mới sáng tạo, Ngày Khoa học và Công nghệ và các sự kiện do "
                        "thành phố phát động.",
                        lead="BP-DD",
                        partners=["QD-Q12"],
                        output="Kế hoạch và hình ảnh các hoạt động hưởng ứng của đơn vị.",
                    ),
                ],
            ),
            section(
                "3",
                "Xây dựng mô hình về không gian sáng tạo",
                [
                    task(
                        "II.3.1",
                        "Phát động phong trào sáng kiến, đổi mới sáng tạo; tiếp tục các mô hình ứng dụng khoa học công nghệ",
                        "Phát động phong trào phát huy sáng kiến, đổi mới sáng tạo nâng cao hiệu quả hoạt động trong các "
                        "trường học và đơn vị trực thuộc. Tiếp tục thực hiện các mô hình ứng dụng khoa học và công nghệ phục "
                        "vụ công tác quản lý nhà trường và công tác giảng dạy, học tập tại các trường học và đơn vị trực "
                        "thuộc.",
                        lead="BP-TDKT",
                        end=MID,
                        output="Kế hoạch phát động phong trào của đơn vị; danh sách sáng kiến đăng ký; mô hình ứng dụng khoa "
                        "học công nghệ đang thực hiện.",
                    ),
                    task(
                        "II.3.2",
                        "Tham gia hoạt động do cấp trên tổ chức; hình thành câu lạc bộ, phong trào sáng kiến, sáng tạo",
                        "Tích cực tham gia các hoạt động liên quan do cấp trên tổ chức, khuyến khích hình thành các câu lạc "
                        "bộ sáng kiến, sáng tạo hoặc các phong trào sáng kiến, sáng tạo tại các trường học và đơn vị trực "
                        "thuộc.",
                        lead="TO-PT",
                        partners=["PKT-Q12", "TO-MN"],
                        output="Danh sách hoạt động đã tham gia; câu lạc bộ, phong trào sáng kiến, sáng tạo được hình thành.",
                    ),
                    task(
                        "II.3.3",
                        "Tổng kết, tôn vinh tập thể, cá nhân xuất sắc trong phong trào sáng kiến tại đơn vị",
                        "Tổ chức tổng kết, đánh giá, tôn vinh các tập thể, cá nhân có thành tích xuất sắc trong phong trào "
                        "sáng kiến, hoạt động đổi mới sáng tạo trong nhà trường.",
                        lead="BP-TDKT",
                        output="Quyết định khen thưởng của đơn vị; danh sách đề nghị cấp trên khen thưởng.",
                    ),
                ],
            ),
        ],
    ),
    section(
        "III",
        "TỔ CHỨC THỰC HIỆN",
        [
            section(
                "1",
                "Phòng Giáo dục và Đào tạo",
                [
                    task(
                        "III.1.1",
                        "Tổ Mầm non – Phổ thông: mô hình trường chất lượng cao, câu lạc bộ đổi mới sáng tạo, cử người dự "
                        "đào tạo",
                        "Tổ Mầm non, Phổ thông chịu trách nhiệm trực tiếp tham mưu xây dựng và phát triển mô hình trường thực "
                        "hiện chương trình chất lượng cao “Trường tiên tiến, hội nhập quốc tế”; hướng dẫn các trường và đơn vị "
                        "trực thuộc tuyên truyền, giới thiệu, tư vấn về thành lập câu lạc bộ hoạt động đổi mới sáng tạo, đảm "
                        "bảo 50% trường học có câu lạc bộ hoạt động; tham mưu cử giáo viên, học sinh tham gia lớp đào tạo đổi "
                        "mới sáng tạo, các lớp về STEM, các lớp tập huấn về tiết kiệm năng lượng và năng lượng tái tạo do cấp "
                        "trên tổ chức.",
                        lead="TO-PT",
                        partners=["TO-MN", "PKT-Q12"],
                        levels=None,
                        output="Đề án mô hình “Trường tiên tiến, hội nhập quốc tế”; văn bản hướng dẫn thành lập câu lạc bộ; "
                        "danh sách cử giáo viên, học sinh tham gia đào tạo.",
                    ),
                    task(
                        "III.1.2",
                        "Tổ Hành chính tổng hợp: mô hình “Trường học xanh”, tin khoa học công nghệ trên cổng thông tin ngành",
                        "Tổ Hành chính tổng hợp chịu trách nhiệm trực tiếp tham mưu, đầu mối phối hợp với phòng Tài nguyên và "
                        "Môi trường quận triển khai xây dựng mô hình “Trường học xanh” với tiêu chí sử dụng năng lượng tiết "
                        "kiệm và thân thiện với môi trường; đưa các nội dung về công tác truyền thông về lĩnh vực khoa học "
                        "công nghệ liên quan đến ngành Giáo dục và Đào tạo lên cổng thông tin điện tử của ngành.",
                        lead="TO-HCTH",
                        partners=["PTNMT-Q12"],
                        levels=None,
                        output="Kế hoạch triển khai mô hình “Trường học xanh”; tin, bài trên cổng thông tin điện tử của ngành.",
                    ),
                    task(
                        "III.1.3",
                        "Bộ phận Thi đua – Khen thưởng: đưa khoa học công nghệ, đổi mới sáng tạo vào chấm điểm thi đua",
                        "Bộ phận Thi đua - Khen thưởng tham mưu đưa các nội dung liên quan đến công tác truyền thông về vực "
                        "khoa học công nghệ và đổi mới sáng tạo trong ngành vào chấm điểm thi đua của ngành. Phát động thường "
                        "xuyên phong trào đổi mới sáng tạo trong giáo dục, phong trào lao động sáng tạo, phát huy sáng kiến "
                        "trong cán bộ quản lý, giáo viên, nhân viên và học sinh các trường và đơn vị trực thuộc.",
                        lead="BP-TDKT",
                        levels=None,
                        output="Tiêu chí chấm điểm thi đua có nội dung khoa học công nghệ, đổi mới sáng tạo; văn bản phát "
                        "động phong trào.",
                    ),
                    task(
                        "III.1.4",
                        "Bộ phận Đoàn – Đội: phối hợp Quận đoàn tuyên truyền và tổ chức các hội thi",
                        "Bộ phận phụ trách Đoàn, Đội đầu mối phối hợp Quận đoàn phát động tuyên truyền nội dung hoạt động khoa "
                        "học công nghệ và đổi mới sáng tạo trong ngành Giáo dục và Đào tạo, các hoạt động, hội thi.... liên "
                        "quan theo kế hoạch của ngành dọc cấp trên.",
                        lead="BP-DD",
                        partners=["QD-Q12"],
                        levels=None,
                        output="Kế hoạch phối hợp với Quận đoàn; kết quả các hội thi.",
                    ),
                ],
            ),
            section(
                "2",
                "Các cơ sở giáo dục trực thuộc",
                [
                    task(
                        "III.2.1",
                        "Triển khai khoa học công nghệ, đổi mới sáng tạo tại đơn vị: “Trường học xanh”, sáng kiến, câu lạc bộ",
                        "Triển khai thực hiện công tác khoa học công nghệ và đổi mới sáng tạo trong đơn vị; tập trung vào những "
                        "nội dung trọng tâm như: thực hiện mô hình “Trường học xanh”; phát động phong trào phát huy sáng kiến, "
                        "ứng dụng khoa học công nghệ trong cơ quan, đơn vị; thành lập câu lạc bộ hoạt động đổi mới sáng tạo "
                        "tại đơn vị...",
                        lead="TO-HCTH",
                        partners=["PTNMT-Q12"],
                        output="Kế hoạch của đơn vị; hồ sơ tham gia mô hình “Trường học xanh”; câu lạc bộ đổi mới sáng tạo của "
                        "đơn vị.",
                    ),
                    task(
                        "III.2.2",
                        "Thủ trưởng đơn vị chỉ đạo, kiểm tra, giám sát công tác khoa học công nghệ, đổi mới sáng tạo",
                        "Nâng cao trách nhiệm cá nhân của thủ trưởng đơn vị trong lãnh đạo, chỉ đạo kiểm tra, giám sát thực "
                        "hiện công tác khoa học công nghệ và đổi mới sáng tạo trong xây dựng mô hình “Trường học xanh”, ứng "
                        "dụng khoa học công nghệ nâng cao chất lượng điều hành, quản lý và giảng dạy, học tập của đơn vị...",
                        lead="TO-PT",
                        partners=["PTNMT-Q12"],
                        output="Kế hoạch kiểm tra nội bộ; báo cáo của thủ trưởng đơn vị về ứng dụng khoa học công nghệ trong "
                        "quản lý, giảng dạy.",
                    ),
                ],
            ),
        ],
    ),
]

# School A's assignment that the browser test opens: led by Tổ Phổ thông, in progress, no evidence yet.
SCHOOL_A_IN_PROGRESS_TASK = "I.4"


class DemoIndicator(NamedTuple):
    code: str
    name: str
    task: str  # number of the task it measures, "" for the whole plan
    measure: str  # Measure value
    target: int | None
    unit_of_measure: str = "%"
    source: str = "manual"
    source_key: str = ""


# The ten rows of BRIEF §4, entered by hand until the modules that compute them exist, then two that
# the plans app computes (plans/stats.py).
INDICATORS = [
    DemoIndicator("CT01", "Trường học có câu lạc bộ đổi mới sáng tạo hoạt động", "I.1", "share", 50),
    DemoIndicator(
        "CT02",
        "Đơn vị có đủ các nhóm đối tượng tham gia đào tạo đổi mới sáng tạo, khởi nghiệp, STEM, "
        "tiết kiệm năng lượng",
        "III.1.1",
        "share",
        100,
    ),
    DemoIndicator(
        "CT03", "Trường cử cán bộ, giáo viên, nhân viên tham gia đào tạo, bồi dưỡng", "II.1.1", "share", 100
    ),
    DemoIndicator("CT04", "Hội thi sáng tạo: lượt đơn vị tham gia", "III.1.4", "count", None, "lượt"),
    DemoIndicator("CT05", "Sáng kiến được đăng ký, được công nhận", "II.3.1", "count", None, "sáng kiến"),
    DemoIndicator(
        "CT06",
        "Tin, bài về khoa học công nghệ đăng trên cổng thông tin điện tử",
        "II.2.1.c",
        "count",
        None,
        "tin, bài",
    ),
    DemoIndicator(
        "CT07",
        "Trường xác nhận đã nhận văn bản, cẩm nang pháp luật về khoa học và công nghệ",
        "II.2.1.a",
        "share",
        100,
    ),
    DemoIndicator(
        "CT08", "Đơn vị hưởng ứng Ngày đổi mới sáng tạo và Ngày Khoa học và Công nghệ", "II.2.2", "share", 100
    ),
    DemoIndicator("CT09", "Trường tham gia mô hình “Trường học xanh”", "III.2.1", "count", None, "trường"),
    DemoIndicator(
        "CT10", "Tập thể, cá nhân được tôn vinh, khen thưởng", "II.3.3", "count", None, "tập thể, cá nhân"
    ),
    DemoIndicator(
        "CT11",
        "Đơn vị hoàn thành nhiệm vụ được giao",
        "",
        "share",
        100,
        source="computed",
        source_key="plans.task_completed",
    ),
    DemoIndicator(
        "CT12",
        "Đơn vị nộp báo cáo sơ kết đúng hạn",
        "",
        "share",
        100,
        source="computed",
        source_key="plans.reports_on_time",
    ),
]
# Which manual indicators schools have filled in so far, and how: "share" 1/0, or a range for counts.
INDICATOR_ENTRIES = {
    "CT01": "share",
    "CT03": "share",
    "CT05": (0, 4),
    "CT06": (0, 6),
    "CT07": "share",
    "CT08": "share",
}

# (name, kind, start, end, due)
PERIODS = [
    ("Sơ kết học kỳ I năm học 2023-2024", "semester1", D(2023, 11, 1), D(2024, 1, 10), D(2024, 1, 15)),
    ("Tổng kết năm học 2023-2024", "year_end", D(2023, 11, 1), D(2024, 5, 25), D(2024, 5, 31)),
]

# ── What the schools wrote ─────────────────────────────────────────────────────────────────────────

# Report text per task: {n}, {m} and {p} are filled with small numbers.
REPORTS = {
    "I.1": "Đơn vị đã thành lập câu lạc bộ đổi mới sáng tạo gồm {n} thành viên, sinh hoạt định kỳ hằng tháng; "
    "{m} giáo viên tham gia buổi giới thiệu khởi nghiệp do Phòng Kinh tế tổ chức.",
    "I.2": "Đã tổ chức {m} buổi tuyên truyền chủ trương, chính sách về khoa học, công nghệ và đổi mới sáng tạo "
    "trong sinh hoạt dưới cờ và họp hội đồng; {n} lượt giáo viên, học sinh tham dự.",
    "I.3": "Nhà trường duy trì phong trào sáng kiến, sáng tạo với {m} nhóm; {p}% giáo viên sử dụng học liệu số "
    "và phần mềm dạy học trong tiết dạy.",
    "I.4": "Đã xây dựng kế hoạch giáo dục STEM; tổ chức {m} bài học STEM ở các khối lớp với {n} học sinh tham gia; "
    "{p} giáo viên dự tập huấn STEM của Phòng.",
    "I.5": "Đang tổng hợp thành tích của tập thể, cá nhân trong phong trào sáng kiến để đề nghị tôn vinh cuối "
    "năm học; dự kiến {m} cá nhân.",
    "II.1.1": "Đã cử {m} cán bộ quản lý, giáo viên, nhân viên tham gia lớp bồi dưỡng về đổi mới sáng tạo; "
    "{p} người đã hoàn thành và được cấp giấy chứng nhận.",
    "II.1.2": "Cử {m} giáo viên tham gia hội thảo chia sẻ kinh nghiệm ứng dụng công nghệ trong quản lý và dạy học; "
    "đã triển khai lại trong sinh hoạt tổ chuyên môn.",
    "II.2.1.a": "Đã nhận và phổ biến văn bản, cẩm nang pháp luật về khoa học và công nghệ đến {n} cán bộ, giáo "
    "viên, nhân viên qua họp hội đồng và nhóm Zalo của trường.",
    "II.2.1.b": "Đã treo {m} băng rôn tuyên truyền về khoa học và công nghệ tại cổng trường và sân trường.",
    "II.2.1.c": "Đã gửi {m} tin, bài về hoạt động khoa học công nghệ của trường cho cổng thông tin điện tử Quận 12; "
    "{p} tin đã được đăng.",
    "II.2.2": "Tổ chức hoạt động hưởng ứng Ngày đổi mới sáng tạo: triển lãm {m} sản phẩm sáng tạo của học sinh, "
    "{n} lượt học sinh tham quan.",
    "II.3.1": "Đã phát động phong trào phát huy sáng kiến năm học 2023-2024; {m} sáng kiến được đăng ký, tập trung "
    "vào quản lý và đổi mới phương pháp dạy học.",
    "II.3.2": "Tham gia {m} hoạt động do Phòng và Quận tổ chức; hình thành thêm {p} nhóm sáng tạo của giáo viên "
    "và học sinh.",
    "II.3.3": "Đã xây dựng kế hoạch tổng kết phong trào sáng kiến; dự kiến tôn vinh {m} tập thể, cá nhân.",
    "III.2.1": "Đã đăng ký tham gia mô hình “Trường học xanh”; lắp {m} thiết bị tiết kiệm điện, phân loại rác tại "
    "nguồn ở tất cả các lớp; câu lạc bộ đổi mới sáng tạo có {n} thành viên.",
    "III.2.2": "Hiệu trưởng ban hành kế hoạch kiểm tra nội bộ, đã kiểm tra {m} tổ chuyên môn về ứng dụng khoa học "
    "công nghệ trong giảng dạy.",
}
# Evidence per task: (title, "link" | "pdf" | "png")
EVIDENCE = {
    "I.1": [
        ("Quyết định thành lập câu lạc bộ đổi mới sáng tạo", "pdf"),
        ("Hình ảnh buổi sinh hoạt câu lạc bộ", "png"),
    ],
    "I.2": [
        ("Tin bài buổi tuyên truyền trên trang của trường", "link"),
        ("Hình ảnh buổi tuyên truyền", "png"),
    ],
    "I.3": [
        ("Kế hoạch phong trào sáng kiến, sáng tạo", "pdf"),
        ("Bài viết về ứng dụng công nghệ số", "link"),
    ],
    "I.4": [("Kế hoạch giáo dục STEM của trường", "pdf"), ("Hình ảnh bài học STEM", "png")],
    "I.5": [("Dự thảo danh sách đề nghị tôn vinh", "pdf")],
    "II.1.1": [
        ("Danh sách cử người tham gia bồi dưỡng", "pdf"),
        ("Giấy chứng nhận hoàn thành bồi dưỡng", "png"),
    ],
    "II.1.2": [("Bài thu hoạch sau hội thảo", "pdf"), ("Tin bài về chuyến tham quan", "link")],
    "II.2.1.a": [("Biên bản họp hội đồng phổ biến văn bản", "pdf")],
    "II.2.1.b": [("Hình ảnh băng rôn tại cổng trường", "png")],
    "II.2.1.c": [("Tin đã đăng trên cổng thông tin", "link"), ("Tin thứ hai đã đăng", "link")],
    "II.2.2": [
        ("Hình ảnh triển lãm sản phẩm sáng tạo", "png"),
        ("Tin bài hưởng ứng Ngày đổi mới sáng tạo", "link"),
    ],
    "II.3.1": [("Kế hoạch phát động phong trào sáng kiến", "pdf"), ("Danh sách sáng kiến đăng ký", "pdf")],
    "II.3.2": [("Tin bài về hoạt động đã tham gia", "link")],
    "II.3.3": [("Kế hoạch tổng kết phong trào", "pdf")],
    "III.2.1": [
        ("Phiếu đăng ký mô hình “Trường học xanh”", "pdf"),
        ("Hình ảnh phân loại rác tại lớp học", "png"),
    ],
    "III.2.2": [("Kế hoạch kiểm tra nội bộ", "pdf")],
}
RETURN_REASONS = [
    "Minh chứng chưa thể hiện số lượng học sinh tham gia; đề nghị bổ sung danh sách.",
    "Báo cáo chưa nêu kết quả cụ thể so với chỉ tiêu của kế hoạch; đề nghị bổ sung số liệu.",
    "Ảnh minh chứng mờ, không đọc được nội dung; đề nghị tải lên bản rõ hơn.",
    "Chưa đính kèm kế hoạch của đơn vị triển khai nhiệm vụ; đề nghị bổ sung.",
]
APPROVAL_COMMENTS = ["", "", "Báo cáo đầy đủ, minh chứng rõ ràng.", "Đề nghị đơn vị tiếp tục duy trì."]
PERIOD_SUMMARY = (
    "Học kỳ I năm học 2023-2024, đơn vị đã triển khai {done}/{total} nhiệm vụ của Kế hoạch 454/KH-GDĐT: thành lập "
    "và duy trì câu lạc bộ đổi mới sáng tạo, tuyên truyền về khoa học và công nghệ, cử cán bộ, giáo viên tham gia "
    "bồi dưỡng. Khó khăn: kinh phí cho hoạt động STEM còn hạn chế. Học kỳ II tiếp tục thực hiện mô hình “Trường "
    "học xanh” và tổng kết phong trào sáng kiến."
)
PERIOD_RETURN_REASON = "Báo cáo chưa có số liệu học sinh tham gia các hoạt động; đề nghị bổ sung và nộp lại."
