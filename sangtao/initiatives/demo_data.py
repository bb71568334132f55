"""What the demo's initiatives say: two campaigns of the office (2022-2023, closed; 2023-2024, open), the
schools with a council, and the applications, each with the state it has reached by mid-March 2024.

The texts are written as teachers of Quận 12 would write them (Vietnamese, numbers where they have them);
a few of 2023-2024 resemble one of 2022-2023, in the same school or another, so that the council sees the
similarity warning.
"""

import datetime
from typing import NamedTuple

D = datetime.date

PLAN_NUMBER = "454/KH-GDĐT"
# The seed plan's tasks that the movement serves: honouring (I.5), launching the movement (II.3.1), and the
# Bộ phận Thi đua – Khen thưởng's duty in section III.1 (III.1.3).
PLAN_TASKS = ["I.5", "II.3.1", "III.1.3"]
INDICATOR = ("CT05", "initiatives.submitted")

A = "THCS-NAT"  # school A of the personas: demo-principal-a, demo-coordinator-a, demo-teacher-a
B = "TH-LVT"  # school B: demo-principal-b
PBC, LTV, ND, KD, HM, SC = "THCS-PBC", "THCS-LTV", "TH-ND", "TH-KD", "MN-HOAMAI", "MN-SONCA"
COUNCIL_SCHOOLS = [A, B, PBC, LTV, ND, KD, HM, SC]

# Each school's author who holds an account (creates and submits); the others are in the staff registry.
# School A's is demo-teacher-a; school B's is the registry's IT teacher, given an account.
WRITERS = {
    B: ("gv-th-lvt", "Lê Thị Cẩm Tú", "Tin học"),
    PBC: ("gv-thcs-pbc", "Đoàn Thị Thanh Hương", "Công nghệ"),
    LTV: ("gv-thcs-ltv", "Phạm Minh Trí", "Khoa học tự nhiên"),
    ND: ("gv-th-nd", "Nguyễn Thị Kim Loan", "Giáo viên chủ nhiệm lớp 3"),
    KD: ("gv-th-kd", "Trần Thị Ngọc Hân", "Giáo viên chủ nhiệm lớp 2"),
    HM: ("gv-mn-hoamai", "Võ Thị Hồng Nhung", "Giáo viên mẫu giáo lớn"),
    SC: ("gv-mn-sonca", "Huỳnh Thị Mỹ Duyên", "Giáo viên nhà trẻ"),
}
# Co-authors added to the registry where the school has fewer than two other teachers.
CO_AUTHORS = {
    A: ["Trương Thị Mỹ Linh", "Hồ Văn Tài", "Nguyễn Ngọc Bảo Trân"],
    B: ["Vũ Hoàng Nam"],
    PBC: ["Lâm Quốc Việt", "Mai Thị Thu Trang"],
    LTV: ["Ngô Thanh Tùng", "Đặng Thị Bích Ngọc"],
    ND: ["Lý Thị Thu Hà"],
    KD: ["Phan Thị Lệ Thủy"],
    HM: ["Tạ Thị Kim Oanh"],
    SC: ["Châu Ngọc Hạnh"],
}

# The office's council: (username, role). ht-thcs-pbc sits on it, so THCS Phan Bội Châu's initiatives are
# scored without its head (the conflict rule of the office's council).
OFFICE_COUNCIL = [
    ("demo-leader", "chair"),
    ("cv-bp-tdkt", "secretary"),
    ("demo-specialist", "member"),
    ("cv-to-mn", "member"),
    ("ht-thcs-pbc", "member"),
]
ORGANISER = "cv-bp-tdkt"  # the specialist of Bộ phận Thi đua – Khen thưởng runs the movement
CONDITIONS = (
    "Máy tính hoặc điện thoại có kết nối mạng; giáo viên được hướng dẫn trong một buổi sinh hoạt chuyên môn."
)


class Campaign(NamedTuple):
    key: str
    year: str
    year_start: datetime.date
    year_end: datetime.date
    title: str
    description: str
    opens: datetime.date
    closes: datetime.date
    decision: tuple[str, datetime.date]  # (number, signed on) of the office's decision
    closed: bool


CAMPAIGNS = [
    Campaign(
        "previous",
        "2022-2023",
        D(2022, 9, 5),
        D(2023, 5, 31),
        "Phong trào phát huy sáng kiến, đổi mới sáng tạo năm học 2022-2023",
        "Phát động cán bộ quản lý, giáo viên, nhân viên các trường đăng ký và áp dụng sáng kiến trong dạy học, "
        "quản lý và chăm sóc, giáo dục học sinh.",
        D(2022, 11, 1),
        D(2023, 3, 31),
        ("18/QĐ-GDĐT", D(2023, 4, 20)),
        True,
    ),
    Campaign(
        "current",
        "2023-2024",
        D(2023, 9, 5),
        D(2024, 5, 31),
        "Phong trào phát huy sáng kiến, đổi mới sáng tạo năm học 2023-2024",
        "Thực hiện Kế hoạch 454/KH-GDĐT: mỗi trường phát động phong trào sáng kiến, hội đồng cấp trường xét và "
        "đề nghị Phòng công nhận các sáng kiến có phạm vi ảnh hưởng rộng. Nhận hồ sơ theo đợt, xét cuốn chiếu.",
        D(2023, 11, 6),
        D(2024, 4, 30),
        ("25/QĐ-GDĐT", D(2024, 3, 12)),
        False,
    ),
]


class Spec(NamedTuple):
    campaign: str
    school: str
    state: str  # draft, submitted, withdrawn, in_review:<n scores>, not_recognised, recognised_school,
    # forwarded, forwarded:<n office scores>, office_failed, recognised_office
    field: str
    title: str
    current_state: str
    solution: str
    novelty: str
    benefit: str
    where: str
    shares: tuple = (100,)


S = Spec
# fmt: off
INITIATIVES = [
    # ── 2022-2023: recognised, in the library ──────────────────────────────────────────────────────
    S("previous", A, "recognised_school", "digital",
      "Sổ theo dõi chuyên cần điện tử bằng bảng tính cho giáo viên chủ nhiệm",
      "Giáo viên chủ nhiệm ghi chuyên cần vào sổ giấy, cuối tuần cộng tay và báo phụ huynh qua điện thoại; "
      "thường chậm và sai sót.",
      "Mỗi lớp có một bảng tính dùng chung: giáo viên bộ môn đánh dấu vắng mỗi tiết trên điện thoại; bảng tự tổng "
      "hợp theo tuần, tô màu học sinh vắng nhiều và tạo danh sách để báo phụ huynh.",
      "Lần đầu tại trường chuyên cần được ghi theo tiết và tổng hợp tự động.",
      "Thời gian tổng hợp chuyên cần giảm từ khoảng 45 phút xuống 5 phút mỗi tuần; tỷ lệ học sinh vắng không phép "
      "giảm từ 2,1% xuống 0,8%.",
      "Khối 8, Trường THCS Nguyễn Ảnh Thủ", (70, 30)),
    S("previous", A, "recognised_office", "stem",
      "Vườn rau thủy canh trong trường học gắn với chủ đề STEM lớp 6",
      "Học sinh học về sự sinh trưởng của cây chủ yếu qua tranh ảnh, ít được quan sát và đo đạc thực tế.",
      "Học sinh tự lắp giàn thủy canh bằng ống nhựa, pha dung dịch dinh dưỡng, đo độ pH và ghi nhật ký sinh trưởng "
      "theo nhóm; sản phẩm rau được dùng cho bếp ăn bán trú.",
      "Gắn vườn thủy canh với bài học chủ đề 'Thế giới sống' và đánh giá theo sản phẩm nhóm.",
      "100% học sinh khối 6 tham gia; điểm trung bình bài kiểm tra chủ đề tăng từ 6,4 lên 7,6.",
      "Khối 6, Trường THCS Nguyễn Ảnh Thủ", (60, 40)),
    S("previous", B, "recognised_office", "teaching",
      "Rèn kỹ năng viết đoạn văn lớp 5 qua nhật ký đọc sách",
      "Nhiều học sinh lớp 5 viết đoạn văn ngắn, ý nghèo, ít đọc sách ngoài giờ.",
      "Mỗi học sinh có nhật ký đọc sách; mỗi tuần viết một đoạn cảm nhận theo gợi ý, chia sẻ trong giờ sinh hoạt lớp "
      "và được bạn nhận xét theo bảng tiêu chí.",
      "Kết hợp đọc sách thư viện với viết đoạn văn có tiêu chí tự đánh giá.",
      "Tỷ lệ bài viết đạt yêu cầu tăng từ 68% lên 91%; mỗi học sinh đọc bình quân 14 cuốn sách trong năm.",
      "Lớp 5/1, 5/2, Trường Tiểu học Lê Văn Thọ"),
    S("previous", LTV, "recognised_school", "digital",
      "Sáng kiến số hóa sổ điểm cá nhân của giáo viên bằng bảng tính có công thức tự động",
      "Giáo viên chép điểm nhiều lần (sổ cá nhân, sổ điểm lớp, phần mềm), dễ sai và mất thời gian.",
      "Mẫu bảng tính thống nhất tự tính điểm trung bình theo quy định đánh giá mới, xuất đúng định dạng để nhập "
      "vào phần mềm quản lý trường học.",
      "Mẫu dùng chung cho cả trường, cập nhật theo Thông tư 22/2021/TT-BGDĐT.",
      "Giảm khoảng 3 giờ nhập điểm mỗi học kỳ cho mỗi giáo viên; không còn sai sót khi chép điểm.",
      "Tổ Khoa học tự nhiên, Trường THCS Lương Thế Vinh"),
    S("previous", ND, "recognised_school", "stem",
      "Mô hình tưới nhỏ giọt bằng chai nhựa tái chế cho vườn trường",
      "Vườn trường thường khô héo vào các ngày nghỉ vì không có người tưới.",
      "Học sinh làm hệ thống tưới nhỏ giọt từ chai nhựa treo ngược, điều chỉnh tốc độ nhỏ giọt bằng van tự chế và "
      "theo dõi độ ẩm đất bằng que đo.",
      "Dùng vật liệu tái chế và gắn với bài học về nước của môn Khoa học.",
      "Cây trong vườn sống qua các kỳ nghỉ dài; tiết kiệm khoảng 40% lượng nước tưới.",
      "Vườn trường, Trường Tiểu học Nguyễn Du"),
    S("previous", ND, "recognised_school", "management",
      "Quản lý thư viện trường bằng phần mềm mã nguồn mở",
      "Thư viện quản lý mượn trả bằng sổ, khó thống kê sách được đọc nhiều.",
      "Cài phần mềm quản lý thư viện mã nguồn mở, dán mã vạch cho 4.200 đầu sách, học sinh mượn trả bằng thẻ.",
      "Lần đầu trường có dữ liệu mượn trả để chọn sách bổ sung.",
      "Thời gian mượn trả giảm từ 3 phút xuống 30 giây mỗi lượt; lượt mượn tăng 35%.",
      "Thư viện Trường Tiểu học Nguyễn Du"),
    S("previous", KD, "recognised_office", "student_care",
      "Giờ sinh hoạt lớp theo hình thức 'Vòng tròn chia sẻ'",
      "Giờ sinh hoạt lớp chủ yếu là nhận xét thi đua, học sinh ít được nói.",
      "Học sinh ngồi thành vòng tròn, lần lượt chia sẻ một niềm vui, một khó khăn trong tuần; giáo viên ghi nhận "
      "và cùng lớp tìm cách giúp bạn.",
      "Áp dụng thực hành kỷ luật tích cực vào giờ sinh hoạt lớp ở tiểu học.",
      "Số vụ mâu thuẫn giữa học sinh được báo giáo viên giảm 60%; 95% phụ huynh đánh giá con thích đến lớp hơn.",
      "Khối 3, Trường Tiểu học Kim Đồng", (50, 50)),
    S("previous", HM, "recognised_school", "teaching",
      "Dạy trẻ mẫu giáo lớn nhận biết chữ cái qua trò chơi vận động",
      "Trẻ nhanh chán khi học chữ cái qua thẻ chữ.",
      "Thiết kế 12 trò chơi vận động (nhảy ô chữ, tìm chữ trong sân) lồng vào giờ hoạt động ngoài trời.",
      "Kết hợp phát triển vận động và làm quen chữ viết trong cùng hoạt động.",
      "92% trẻ nhận biết đủ 29 chữ cái cuối năm (năm trước 78%).",
      "Lớp Lá 1, Lá 2, Trường Mầm non Hoa Mai"),

    # ── 2023-2024: every state of the workflow ─────────────────────────────────────────────────────
    S("current", A, "recognised_office", "digital",
      "Sáng kiến số hóa hồ sơ chuyên môn của tổ Toán – Tin bằng kho lưu trữ trực tuyến dùng chung",
      "Hồ sơ chuyên môn (kế hoạch bài dạy, đề kiểm tra, biên bản sinh hoạt tổ) lưu trên giấy và máy tính cá nhân, "
      "khó tra cứu, thất lạc khi giáo viên chuyển công tác.",
      "Xây dựng cây thư mục thống nhất trên kho lưu trữ trực tuyến của trường theo năm học – khối – chủ đề; quy định "
      "cách đặt tên tệp; phân quyền theo tổ; tổ trưởng duyệt kế hoạch bài dạy trực tuyến.",
      "Lần đầu tổ chuyên môn quản lý toàn bộ hồ sơ trên môi trường số, có quy ước đặt tên và quy trình duyệt trực "
      "tuyến.",
      "Thời gian tìm một hồ sơ giảm từ khoảng 15 phút xuống dưới 1 phút; 100% kế hoạch bài dạy học kỳ I được duyệt "
      "đúng hạn (năm trước 72%); tiết kiệm khoảng 3.000 trang in mỗi học kỳ.",
      "Tổ Toán – Tin, Trường THCS Nguyễn Ảnh Thủ", (60, 40)),
    S("current", B, "recognised_office", "teaching",
      "Dạy học đọc hiểu lớp 4 bằng sơ đồ tư duy vẽ tay",
      "Học sinh lớp 4 đọc xong bài nhưng khó nêu ý chính và trình tự sự việc.",
      "Học sinh vẽ sơ đồ tư duy sau mỗi bài đọc theo bốn nhánh cố định (nhân vật, sự việc, ý chính, bài học), "
      "trình bày trước nhóm và tự chấm theo bảng kiểm.",
      "Bộ khung sơ đồ bốn nhánh thống nhất cho các bài đọc của chương trình mới.",
      "Tỷ lệ học sinh trả lời đúng câu hỏi đọc hiểu mức 2–3 tăng từ 55% lên 82%.",
      "Khối 4, Trường Tiểu học Lê Văn Thọ", (70, 30)),
    S("current", PBC, "recognised_office", "stem",
      "Mô hình tưới cây tự động dùng cảm biến độ ẩm trong giờ STEM lớp 8",
      "Học sinh học về mạch điện và cảm biến chủ yếu qua lý thuyết, ít có sản phẩm dùng được.",
      "Nhóm học sinh lắp mạch tưới tự động gồm cảm biến độ ẩm đất, bộ vi điều khiển và máy bơm mini; lập trình "
      "ngưỡng tưới, thử nghiệm trên vườn trường và ghi số liệu độ ẩm hằng ngày.",
      "Sản phẩm STEM gắn với vườn trường thật, học sinh tự đo và điều chỉnh ngưỡng tưới.",
      "12 nhóm hoàn thành sản phẩm; vườn trường giảm 35% lượng nước tưới; 3 sản phẩm dự thi cấp quận.",
      "Khối 8, Trường THCS Phan Bội Châu", (50, 30, 20)),
    S("current", KD, "recognised_office", "student_care",
      "Hộp thư 'Điều em muốn nói' giúp phát hiện sớm học sinh cần hỗ trợ tâm lý",
      "Học sinh tiểu học ngại nói với thầy cô khi gặp chuyện buồn ở nhà hoặc bị bạn trêu chọc.",
      "Đặt hộp thư tại mỗi khối và một biểu mẫu trực tuyến ẩn danh; tổ tư vấn đọc hằng tuần, phân loại mức độ và "
      "phối hợp giáo viên chủ nhiệm, phụ huynh hỗ trợ.",
      "Kênh tiếp nhận ẩn danh kèm quy trình phân loại và phản hồi trong 3 ngày.",
      "Tiếp nhận 146 thư trong học kỳ I; 18 trường hợp được hỗ trợ kịp thời; không có vụ bạo lực học đường.",
      "Trường Tiểu học Kim Đồng"),
    S("current", HM, "recognised_office", "teaching",
      "Góc trải nghiệm 'Bé làm nông dân' phát triển kỹ năng sống cho trẻ 5–6 tuổi",
      "Trẻ ở khu đô thị ít được tiếp xúc với cây trồng và lao động vừa sức.",
      "Mỗi lớp chăm một luống rau: trẻ gieo hạt, tưới, nhổ cỏ, thu hoạch và đếm, cân sản phẩm; giáo viên lồng ghép "
      "toán, khám phá khoa học và giáo dục dinh dưỡng.",
      "Góc trải nghiệm gắn với cả ba lĩnh vực phát triển trong một chu kỳ trồng rau.",
      "100% trẻ lớp Lá tham gia; 87% trẻ tự giác làm việc nhóm (đầu năm 52%); phụ huynh đóng góp hạt giống, dụng cụ.",
      "Khối Lá, Trường Mầm non Hoa Mai", (60, 40)),
    S("current", LTV, "forwarded:3", "digital",
      "Ngân hàng câu hỏi trắc nghiệm trực tuyến ôn tập Khoa học tự nhiên 9",
      "Học sinh lớp 9 ôn thi thiếu hệ thống, giáo viên mất nhiều thời gian chấm bài luyện tập.",
      "Tổ xây dựng ngân hàng 1.200 câu hỏi theo chủ đề và mức độ; học sinh luyện tập trên biểu mẫu trực tuyến có "
      "chấm tự động, giáo viên xem thống kê câu sai nhiều để dạy lại.",
      "Ngân hàng câu hỏi dùng chung của tổ, gắn ma trận đề và thống kê câu sai.",
      "Điểm khảo sát giữa kỳ tăng bình quân 1,1 điểm; 94% học sinh luyện tập ít nhất 3 lần mỗi tuần.",
      "Khối 9, Trường THCS Lương Thế Vinh", (50, 50)),
    S("current", ND, "forwarded:2", "management",
      "Quản lý thiết bị dạy học bằng mã QR dán trên từng thiết bị",
      "Thiết bị dạy học mượn trả ghi sổ, khó biết thiết bị nào hỏng, đang ở lớp nào.",
      "Mỗi thiết bị có mã QR; giáo viên quét để mượn, trả và báo hỏng qua biểu mẫu; nhân viên thiết bị xem bảng "
      "tổng hợp theo thời gian thực.",
      "Lần đầu trường quản lý vòng đời thiết bị bằng mã QR, không cần phần mềm trả phí.",
      "Thời gian kiểm kê cuối kỳ giảm từ 3 ngày xuống nửa ngày; thiết bị hỏng được sửa trong 5 ngày (trước 3 tuần).",
      "Trường Tiểu học Nguyễn Du"),
    S("current", SC, "forwarded", "facilities",
      "Tận dụng vật liệu tái chế làm đồ chơi phát triển vận động cho trẻ nhà trẻ",
      "Đồ chơi vận động mua sẵn đắt, số lượng ít so với số trẻ.",
      "Giáo viên cùng phụ huynh làm 25 loại đồ chơi từ lốp xe, chai nhựa, thùng giấy; mỗi đồ chơi có thẻ hướng dẫn "
      "cách chơi theo mục tiêu vận động.",
      "Bộ đồ chơi tái chế có thẻ mục tiêu vận động cho trẻ 24–36 tháng.",
      "Tiết kiệm khoảng 18 triệu đồng mua sắm; 100% trẻ nhà trẻ được chơi vận động mỗi ngày.",
      "Khối Nhà trẻ, Trường Mầm non Sơn Ca", (70, 30)),
    S("current", A, "forwarded", "stem",
      "Câu lạc bộ robot dùng bộ vi điều khiển giá rẻ cho học sinh lớp 7",
      "Học sinh yêu thích lập trình nhưng bộ robot thương mại quá đắt so với kinh phí của trường.",
      "Thiết kế 10 bài học robot dùng bộ vi điều khiển và linh kiện giá rẻ (dưới 400.000 đồng một bộ), học sinh "
      "lắp ráp, lập trình khối lệnh và thi đấu vượt chướng ngại vật.",
      "Chương trình câu lạc bộ robot chi phí thấp phù hợp trường công lập.",
      "35 học sinh tham gia; chi phí một bộ giảm 80% so với bộ thương mại; 2 đội đạt giải cấp quận.",
      "Câu lạc bộ STEM, Trường THCS Nguyễn Ảnh Thủ", (60, 40)),
    S("current", B, "office_failed", "management",
      "Lịch công tác tuần điện tử của nhà trường",
      "Lịch công tác in giấy dán ở phòng giáo viên, thay đổi không kịp báo.",
      "Lịch công tác đăng trên lịch trực tuyến dùng chung, tự nhắc việc trước một ngày qua điện thoại.",
      "Lần đầu trường dùng lịch trực tuyến có nhắc việc.",
      "Giáo viên nắm lịch kịp thời; giảm các buổi họp bị vắng do không biết lịch.",
      "Trường Tiểu học Lê Văn Thọ"),
    S("current", A, "recognised_school", "teaching",
      "Phiếu học tập điện tử môn Sinh học 8 gửi qua nhóm lớp",
      "Phiếu học tập giấy tốn giấy in, học sinh hay quên mang, giáo viên khó theo dõi ai đã làm.",
      "Giáo viên soạn phiếu học tập trên biểu mẫu trực tuyến có hình ảnh, video ngắn; học sinh làm trước giờ học, "
      "giáo viên xem thống kê để tổ chức thảo luận vào câu sai nhiều.",
      "Phiếu học tập điện tử có thống kê dùng để điều chỉnh tiết dạy.",
      "97% học sinh hoàn thành phiếu trước giờ học (phiếu giấy 70%); điểm kiểm tra chủ đề tăng 0,8 điểm.",
      "Khối 8, Trường THCS Nguyễn Ảnh Thủ", (30, 70)),
    S("current", PBC, "recognised_school", "teaching",
      "Trò chơi ô chữ ôn tập từ vựng tiếng Anh đầu giờ",
      "Học sinh lớp 6 quên từ vựng nhanh, năm phút đầu giờ ôn bài thường nhàm chán.",
      "Mỗi tiết bắt đầu bằng một ô chữ 8–10 từ của bài trước, thi theo tổ, tính điểm thi đua tháng.",
      "Ô chữ theo chủ đề bài học, thay đổi mỗi tiết, có bảng thi đua.",
      "Tỷ lệ học sinh nhớ từ vựng sau một tuần tăng từ 60% lên 84%.",
      "Khối 6, Trường THCS Phan Bội Châu"),
    S("current", KD, "recognised_school", "digital",
      "Sổ liên lạc điện tử bằng biểu mẫu trực tuyến cho phụ huynh lớp 1",
      "Phụ huynh lớp 1 cần biết hằng ngày con học gì, ăn uống thế nào, nhưng sổ liên lạc giấy hay thất lạc.",
      "Giáo viên gửi nhận xét ngắn mỗi ngày qua biểu mẫu trực tuyến; phụ huynh phản hồi ngay trên biểu mẫu.",
      "Nhận xét hằng ngày có phản hồi hai chiều, tổng hợp được theo tuần.",
      "98% phụ huynh đọc nhận xét trong ngày; số cuộc gọi hỏi giáo viên giảm một nửa.",
      "Khối 1, Trường Tiểu học Kim Đồng", (50, 50)),
    S("current", HM, "recognised_school", "student_care",
      "Thực đơn cân đối dinh dưỡng theo mùa cho trẻ suy dinh dưỡng",
      "Nhà trường còn 4,5% trẻ suy dinh dưỡng thể nhẹ cân.",
      "Xây dựng thực đơn theo mùa với thực phẩm sẵn có, tính khẩu phần bằng phần mềm dinh dưỡng, cân đo hằng tháng "
      "và tư vấn phụ huynh bữa ăn tại nhà.",
      "Thực đơn theo mùa riêng cho nhóm trẻ nhẹ cân, gắn với tư vấn gia đình.",
      "Tỷ lệ trẻ suy dinh dưỡng giảm từ 4,5% xuống 1,8% sau một học kỳ.",
      "Trường Mầm non Hoa Mai"),
    S("current", ND, "not_recognised", "teaching",
      "Sử dụng bảng phụ trong dạy toán lớp 3",
      "Học sinh khó theo dõi các bước giải bài toán có lời văn.",
      "Giáo viên chuẩn bị bảng phụ ghi sẵn các bước giải.",
      "Dùng bảng phụ trong giờ toán.",
      "Học sinh theo dõi bài tốt hơn.",
      "Lớp 3/2, Trường Tiểu học Nguyễn Du"),
    S("current", LTV, "not_recognised", "management",
      "Nhắc việc giáo viên chủ nhiệm qua tin nhắn nhóm",
      "Giáo viên chủ nhiệm hay quên các hạn nộp hồ sơ.",
      "Tổ trưởng nhắn tin nhắc việc vào nhóm chung.",
      "Nhắc việc qua tin nhắn.",
      "Ít trường hợp nộp trễ hơn.",
      "Trường THCS Lương Thế Vinh"),
    S("current", SC, "not_recognised", "other",
      "Trang trí lớp học theo chủ đề tháng",
      "Lớp học trang trí một lần cho cả năm, ít thay đổi.",
      "Giáo viên thay đổi tranh trang trí theo chủ đề mỗi tháng.",
      "Trang trí theo chủ đề.",
      "Lớp học sinh động hơn.",
      "Lớp Mầm 2, Trường Mầm non Sơn Ca"),
    S("current", A, "in_review:1", "digital",
      "Số hóa sổ theo dõi chuyên cần và cảnh báo vắng học qua bảng tính dùng chung",
      "Giáo viên chủ nhiệm ghi chuyên cần vào sổ giấy, cuối tuần tổng hợp thủ công; phụ huynh biết con vắng học "
      "muộn.",
      "Mỗi lớp có một bảng tính dùng chung: giáo viên bộ môn đánh dấu vắng mỗi tiết trên điện thoại; bảng tự tổng "
      "hợp theo tuần, tô màu học sinh vắng nhiều và gửi danh sách để báo phụ huynh.",
      "Cảnh báo tự động khi học sinh vắng ba buổi liên tiếp.",
      "Thời gian tổng hợp chuyên cần giảm còn 5 phút mỗi tuần; phụ huynh được báo trong ngày.",
      "Khối 9, Trường THCS Nguyễn Ảnh Thủ"),
    S("current", B, "in_review:0", "stem",
      "Thí nghiệm khoa học với vật liệu dễ tìm cho học sinh lớp 5",
      "Phòng thiết bị thiếu dụng cụ thí nghiệm môn Khoa học lớp 5.",
      "Bộ 15 thí nghiệm dùng vật liệu dễ tìm (chai lọ, bóng bay, giấm, muối) kèm phiếu hướng dẫn an toàn; học sinh "
      "làm theo nhóm và ghi kết quả vào sổ khoa học.",
      "Bộ thí nghiệm chi phí thấp bám sát chương trình Khoa học 5.",
      "Mỗi học sinh được làm ít nhất 10 thí nghiệm trong năm; tiết kiệm kinh phí mua thiết bị.",
      "Khối 5, Trường Tiểu học Lê Văn Thọ", (60, 40)),
    S("current", PBC, "in_review:1", "student_care",
      "Nhóm bạn đồng hành giúp học sinh lớp 6 thích nghi môi trường mới",
      "Học sinh lớp 6 bỡ ngỡ với nhiều môn học và giáo viên mới, một số em lo âu, học sút.",
      "Ghép mỗi học sinh lớp 6 với một bạn lớp 8 làm 'bạn đồng hành' trong học kỳ I, gặp nhau hằng tuần theo chủ "
      "đề gợi ý, giáo viên chủ nhiệm theo dõi qua phiếu ngắn.",
      "Mô hình đồng đẳng giữa hai khối, có chủ đề và phiếu theo dõi.",
      "Tỷ lệ học sinh lớp 6 tự đánh giá 'thích nghi tốt' sau 8 tuần tăng từ 48% lên 86%.",
      "Khối 6 và 8, Trường THCS Phan Bội Châu", (50, 50)),
    S("current", KD, "in_review:2", "teaching",
      "Học toán qua trò chơi dân gian cho học sinh lớp 2",
      "Học sinh lớp 2 chán các bài luyện tập cộng trừ lặp lại.",
      "Chuyển các bài luyện tập thành trò chơi dân gian (ô ăn quan, nhảy lò cò có số, kéo co tính điểm) chơi theo "
      "nhóm trong giờ toán.",
      "Lồng trò chơi dân gian vào luyện tập tính toán theo chương trình mới.",
      "Tỷ lệ học sinh hoàn thành tốt môn Toán giữa kỳ tăng từ 62% lên 79%.",
      "Khối 2, Trường Tiểu học Kim Đồng"),
    S("current", HM, "in_review:0", "digital",
      "Kênh video ngắn hướng dẫn phụ huynh cùng trẻ làm thí nghiệm tại nhà",
      "Phụ huynh muốn cùng con học ở nhà nhưng không biết bắt đầu từ đâu.",
      "Giáo viên quay 20 video ngắn (2–3 phút) hướng dẫn thí nghiệm đơn giản với đồ dùng gia đình, đăng trên kênh "
      "của trường kèm câu hỏi gợi mở.",
      "Kênh video ngắn của trường dành riêng cho hoạt động khám phá tại nhà.",
      "Hơn 6.000 lượt xem; 70% phụ huynh gửi ảnh trẻ làm thí nghiệm.",
      "Trường Mầm non Hoa Mai", (70, 30)),
    S("current", A, "submitted", "management",
      "Tiếp nhận và xử lý ý kiến phụ huynh qua mã QR",
      "Ý kiến của phụ huynh đến nhiều kênh (điện thoại, tin nhắn, gặp trực tiếp), khó theo dõi việc trả lời.",
      "Một mã QR dẫn tới biểu mẫu góp ý; văn thư phân loại và chuyển bộ phận phụ trách; phụ huynh nhận phản hồi "
      "trong 3 ngày làm việc.",
      "Quy trình một cửa cho ý kiến phụ huynh, có thời hạn phản hồi.",
      "100% ý kiến được phản hồi đúng hạn trong tháng thử nghiệm.",
      "Trường THCS Nguyễn Ảnh Thủ", (50, 50)),
    S("current", LTV, "submitted", "stem",
      "Lắp kính hiển vi từ điện thoại cho giờ Sinh học",
      "Phòng thí nghiệm chỉ có 4 kính hiển vi cho lớp 40 học sinh.",
      "Gắn thấu kính nhỏ lên camera điện thoại bằng kẹp tự chế, chiếu hình mẫu vật lên màn hình cho cả lớp cùng "
      "quan sát.",
      "Kính hiển vi điện thoại chi phí dưới 50.000 đồng.",
      "Mọi nhóm học sinh đều quan sát được mẫu vật; chuẩn bị tiết thực hành giảm một nửa thời gian.",
      "Khối 7, Trường THCS Lương Thế Vinh"),
    S("current", ND, "submitted", "digital",
      "Thư viện sách nói cho học sinh tiểu học",
      "Học sinh lớp 1–2 đọc chưa thạo, ít đến thư viện.",
      "Giáo viên và học sinh lớp 5 thu âm 60 truyện thiếu nhi, gắn mã QR lên sách để các em nghe khi đọc.",
      "Sách nói do chính thầy trò thu âm, gắn mã QR trên sách.",
      "Lượt mượn sách của khối 1–2 tăng 45% trong hai tháng.",
      "Thư viện Trường Tiểu học Nguyễn Du", (60, 40)),
    S("current", SC, "submitted", "teaching",
      "Kể chuyện bằng rối tay tự làm cho trẻ 4–5 tuổi",
      "Trẻ 4–5 tuổi ít chú ý khi nghe kể chuyện bằng tranh.",
      "Giáo viên và trẻ làm rối tay từ vớ cũ, vải vụn; trẻ đóng vai nhân vật và kể lại chuyện theo nhóm.",
      "Trẻ tham gia làm rối và kể chuyện, không chỉ nghe.",
      "85% trẻ kể lại được câu chuyện theo trình tự (đầu năm 40%).",
      "Khối Chồi, Trường Mầm non Sơn Ca"),
    S("current", B, "withdrawn", "facilities",
      "Bảng tin thông minh tại sảnh trường",
      "Thông báo dán giấy ở sảnh ít người đọc.",
      "Dùng màn hình cũ chiếu thông báo và hình ảnh hoạt động theo lịch.",
      "Bảng tin điện tử tận dụng màn hình cũ.",
      "Thông báo đến được nhiều phụ huynh hơn.",
      "Sảnh Trường Tiểu học Lê Văn Thọ"),
    S("current", PBC, "withdrawn", "digital",
      "Điểm danh học sinh bằng nhận diện khuôn mặt",
      "Điểm danh đầu giờ mất thời gian.",
      "Dùng camera và phần mềm nhận diện khuôn mặt để điểm danh.",
      "Điểm danh tự động.",
      "Tiết kiệm thời gian đầu giờ.",
      "Trường THCS Phan Bội Châu"),
    S("current", A, "draft", "digital",
      "Bảng tính tự chấm bài kiểm tra trắc nghiệm Tin học 7",
      "Chấm bài kiểm tra trắc nghiệm thủ công mất nhiều thời gian, khó thống kê câu sai.",
      "Học sinh làm bài trên phiếu trả lời; giáo viên nhập đáp án vào bảng tính có công thức chấm, thống kê câu "
      "sai nhiều và phổ điểm theo lớp.",
      "Bảng tính chấm và thống kê câu sai dùng chung cho tổ Tin học.",
      "Thời gian chấm một lớp giảm từ 90 phút xuống 15 phút.",
      "Khối 7, Trường THCS Nguyễn Ảnh Thủ"),
    S("current", KD, "draft", "management",
      "Xếp lịch trực bán trú bằng bảng tính",
      "Xếp lịch trực bán trú cho 30 giáo viên thủ công, hay trùng lịch.",
      "Bảng tính tự phân lịch trực theo nguyện vọng và số buổi đã trực.",
      "Phân lịch tự động, công bằng.",
      "Giảm trùng lịch.",
      "Trường Tiểu học Kim Đồng"),
    S("current", HM, "draft", "student_care",
      "Nhật ký sức khỏe điện tử của trẻ",
      "Thông tin sức khỏe của trẻ rải rác ở nhiều sổ.",
      "Một bảng theo dõi chung chiều cao, cân nặng, tiêm chủng, dị ứng của từng trẻ.",
      "Theo dõi sức khỏe trẻ tập trung.",
      "Tra cứu nhanh khi cần.",
      "Trường Mầm non Hoa Mai"),
]
# fmt: on

# Where recognised initiatives of 2022-2023 were applied since: (title start, unit code or "", place, since, text)
APPLICATIONS = [
    (
        "Vườn rau thủy canh",
        LTV,
        "Khối 6, Trường THCS Lương Thế Vinh",
        D(2023, 10, 2),
        "Áp dụng cho 4 lớp 6; học sinh lắp 2 giàn thủy canh.",
    ),
    (
        "Vườn rau thủy canh",
        "",
        "Khối 7, Trường THCS Nguyễn Ảnh Thủ",
        D(2023, 9, 18),
        "Mở rộng sang chủ đề 'Trao đổi chất ở thực vật' lớp 7.",
    ),
    ("Giờ sinh hoạt lớp theo hình thức", ND, "Khối 4, Trường Tiểu học Nguyễn Du", D(2023, 11, 6), ""),
    (
        "Rèn kỹ năng viết đoạn văn",
        "",
        "Khối 4, Trường Tiểu học Lê Văn Thọ",
        D(2023, 9, 11),
        "Điều chỉnh bảng tiêu chí cho lớp 4.",
    ),
]
