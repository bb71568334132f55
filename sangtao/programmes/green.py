"""The green-school criteria set that ships with the app (installed by `manage.py install_green_template`
and by the demo): seven groups, each criterion with the evidence it asks for.

The texts are source strings for the data, in Vietnamese as the office writes them; they are stored in the
database once and then edited on screen like any other set, so they are not marked for translation.
"""

from decimal import Decimal

NAME = "Bộ tiêu chí Trường học xanh"
DESCRIPTION = (
    "Bộ tiêu chí mẫu của Phòng GD&ĐT Quận 12 cho mô hình “Trường học xanh – sạch – đẹp – an toàn, tiết kiệm "
    "năng lượng”: 100 điểm chia 7 nhóm; trường được công nhận khi đạt từ 70% tổng điểm áp dụng."
)

Y, S, T = "yes_no", "scale", "threshold"
ALL: list[str] = []
SCHOOLS_NOT_MN = ["TH", "THCS", "THPT", "MULTI"]

# (code, group name, [(code, text, max points, method, options, evidence, levels)])
GROUPS = [
    (
        "1",
        "Sử dụng năng lượng tiết kiệm và hiệu quả",
        [
            (
                "1.1",
                "Điện năng tiêu thụ bình quân trên mỗi học sinh giảm so với cùng kỳ năm học trước",
                Decimal(7),
                T,
                {"threshold": Decimal(5), "threshold_unit": "% giảm", "direction": "at_least"},
                "Bảng theo dõi chỉ số điện hằng tháng (nhập trên hệ thống), hóa đơn tiền điện 3 tháng gần nhất",
                ALL,
            ),
            (
                "1.2",
                "Thay thế đèn huỳnh quang bằng đèn LED, quạt và máy lạnh tiết kiệm năng lượng ở phòng học, phòng làm việc",
                Decimal(6),
                S,
                {"scale_max": 4},
                "Biên bản kiểm kê thiết bị điện, ảnh chụp phòng học sau khi thay thế",
                ALL,
            ),
            (
                "1.3",
                "Có nội quy tắt điện, quạt khi ra khỏi phòng; phân công người kiểm tra cuối ngày",
                Decimal(4),
                Y,
                {},
                "Nội quy sử dụng điện có chữ ký hiệu trưởng, sổ kiểm tra cuối ngày",
                ALL,
            ),
        ],
    ),
    (
        "2",
        "Năng lượng tái tạo",
        [
            (
                "2.1",
                "Lắp đặt hệ thống điện mặt trời áp mái (kWp) hoặc có kế hoạch lắp đặt được phê duyệt",
                Decimal(8),
                S,
                {"scale_max": 2},
                "Hợp đồng, biên bản nghiệm thu hệ thống điện mặt trời; số liệu công suất lắp đặt",
                ALL,
            ),
            (
                "2.2",
                "Sử dụng máy nước nóng năng lượng mặt trời, đèn sân trường năng lượng mặt trời",
                Decimal(4),
                Y,
                {},
                "Ảnh chụp thiết bị, biên bản bàn giao",
                ALL,
            ),
        ],
    ),
    (
        "3",
        "Sử dụng nước tiết kiệm",
        [
            (
                "3.1",
                "Lượng nước sử dụng bình quân trên mỗi học sinh mỗi tháng (m³) không vượt ngưỡng",
                Decimal(6),
                T,
                {"threshold": Decimal("0.5"), "threshold_unit": "m³/HS/tháng", "direction": "at_most"},
                "Bảng theo dõi chỉ số nước hằng tháng, hóa đơn tiền nước",
                ALL,
            ),
            (
                "3.2",
                "Lắp vòi nước tiết kiệm, có hệ thống thu gom nước mưa để tưới cây",
                Decimal(5),
                S,
                {"scale_max": 2},
                "Ảnh chụp vòi nước, bồn thu nước mưa; biên bản kiểm tra rò rỉ đường ống",
                ALL,
            ),
        ],
    ),
    (
        "4",
        "Rác thải và nhựa",
        [
            (
                "4.1",
                "Thực hiện phân loại rác tại nguồn (rác tái chế, rác hữu cơ, rác còn lại) ở tất cả khu vực",
                Decimal(8),
                Y,
                {},
                "Ảnh chụp thùng rác phân loại, hợp đồng thu gom với đơn vị vệ sinh, sổ theo dõi",
                ALL,
            ),
            (
                "4.2",
                "Không sử dụng sản phẩm nhựa dùng một lần trong căng tin, hội họp, sự kiện",
                Decimal(6),
                Y,
                {},
                "Cam kết của căng tin, ảnh chụp hội nghị, sự kiện không dùng chai nhựa",
                ALL,
            ),
            (
                "4.3",
                "Tổ chức hoạt động tái chế, đổi rác lấy quà, ủ phân hữu cơ (số hoạt động trong năm học)",
                Decimal(5),
                T,
                {"threshold": Decimal(3), "threshold_unit": "hoạt động", "direction": "at_least"},
                "Kế hoạch, ảnh chụp, số liệu khối lượng rác tái chế thu được",
                ALL,
            ),
        ],
    ),
    (
        "5",
        "Cây xanh, cảnh quan",
        [
            (
                "5.1",
                "Diện tích cây xanh, thảm cỏ đạt từ 30% diện tích khuôn viên",
                Decimal(6),
                T,
                {"threshold": Decimal(30), "threshold_unit": "%", "direction": "at_least"},
                "Sơ đồ khuôn viên có đánh dấu khu cây xanh, ảnh chụp toàn cảnh",
                ALL,
            ),
            (
                "5.2",
                "Có vườn trường, vườn rau hoặc góc thiên nhiên do học sinh chăm sóc",
                Decimal(6),
                S,
                {"scale_max": 3},
                "Ảnh chụp vườn trường, bảng phân công lớp chăm sóc",
                ALL,
            ),
        ],
    ),
    (
        "6",
        "Giáo dục và truyền thông về môi trường",
        [
            (
                "6.1",
                "Lồng ghép giáo dục bảo vệ môi trường, biến đổi khí hậu, tiết kiệm năng lượng trong các môn học và hoạt động trải nghiệm",
                Decimal(8),
                S,
                {"scale_max": 4},
                "Kế hoạch giáo dục nhà trường, giáo án có nội dung lồng ghép, biên bản dự giờ",
                ALL,
            ),
            (
                "6.2",
                "Tổ chức ngày hội, cuộc thi, chiến dịch truyền thông về môi trường (Ngày Môi trường thế giới, Giờ Trái Đất…)",
                Decimal(5),
                T,
                {"threshold": Decimal(2), "threshold_unit": "sự kiện", "direction": "at_least"},
                "Kế hoạch, ảnh chụp, đường dẫn bài viết trên trang thông tin điện tử của trường",
                ALL,
            ),
            (
                "6.3",
                "Có bản tin, chuyên mục “Trường học xanh” trên trang thông tin điện tử hoặc mạng xã hội của trường",
                Decimal(3),
                Y,
                {},
                "Đường dẫn chuyên mục, danh sách bài viết trong năm học",
                ALL,
            ),
            (
                "6.4",
                "Học sinh thực hiện dự án, sản phẩm nghiên cứu khoa học về môi trường",
                Decimal(4),
                Y,
                {},
                "Báo cáo dự án, ảnh sản phẩm, giấy chứng nhận dự thi (nếu có)",
                SCHOOLS_NOT_MN,
            ),
        ],
    ),
    (
        "7",
        "Ban Trường học xanh (ban sinh thái)",
        [
            (
                "7.1",
                "Có quyết định thành lập Ban Trường học xanh gồm đại diện lãnh đạo, giáo viên, nhân viên, học sinh và cha mẹ học sinh",
                Decimal(5),
                Y,
                {},
                "Quyết định thành lập ban, danh sách thành viên",
                ALL,
            ),
            (
                "7.2",
                "Ban họp định kỳ, có kế hoạch hành động năm học và báo cáo đánh giá cuối kỳ",
                Decimal(4),
                S,
                {"scale_max": 2},
                "Kế hoạch hành động, biên bản họp, báo cáo sơ kết học kỳ",
                ALL,
            ),
        ],
    ),
]

# (name, minimum percent of the applicable points, validity in months)
LEVELS = [
    ("Trường học xanh tiêu biểu", Decimal(90), 36),
    ("Trường học xanh", Decimal(70), 24),
]
