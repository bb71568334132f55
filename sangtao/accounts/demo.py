"""The demo accounts (issue 2 §3), listed on the login page in demo mode. The demo loader creates them."""

from django.utils.translation import gettext_lazy as _

DEMO_ACCOUNTS = [
    ("demo-admin", _("Quản trị hệ thống (cần thiết lập xác thực hai lớp ở lần đầu)")),
    ("demo-leader", _("Lãnh đạo Phòng GD&ĐT")),
    ("demo-specialist", _("Chuyên viên Tổ Phổ thông")),
    ("demo-principal-a", _("Hiệu trưởng trường A (THCS)")),
    ("demo-coordinator-a", _("Cán bộ phụ trách trường A")),
    ("demo-principal-b", _("Hiệu trưởng trường B (Tiểu học)")),
    ("demo-teacher-a", _("Giáo viên trường A")),
    ("demo-partner", _("Đơn vị phối hợp: Phòng Kinh tế")),
    ("demo-observer", _("Theo dõi: UBND Quận 12")),
]
